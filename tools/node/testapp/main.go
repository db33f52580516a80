// Command testapp is the application the real-node tests install in place of a user's: one static binary that
// serves what a chart's probes and connection test ask (any HTTP path answers 200, gRPC health answers SERVING,
// over HTTP/1.1 and cleartext HTTP/2), echoes UDP datagrams, and probes other addresses, so the traffic a chart's
// NetworkPolicies allow can be measured from inside a pod.
//
//	testapp serve [PORT[/udp] ...]   listen on each port (TCP unless /udp); none given: $TESTAPP_PORTS, else 8080
//	testapp probe [-from IP] [-timeout D] tcp:HOST:PORT|udp:HOST:PORT ...
//	                                 try each target at once; print "TARGET open" or "TARGET closed" per line
//	testapp pause                    wait for SIGTERM or SIGINT (the pod sandbox's process)
package main

import (
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"
)

func main() {
	args := os.Args[1:]
	command := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") && !strings.ContainsAny(args[0][:1], "0123456789") {
		command, args = args[0], args[1:]
	}
	var err error
	switch command {
	case "serve":
		err = serve(args)
	case "probe":
		err = probe(args)
	case "pause":
		waitForSignal()
	default:
		err = fmt.Errorf("unknown command %q: serve, probe or pause", command)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "testapp:", err)
		os.Exit(2)
	}
}

func waitForSignal() os.Signal {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	return <-signals
}

func serve(ports []string) error {
	if len(ports) == 0 {
		ports = strings.FieldsFunc(os.Getenv("TESTAPP_PORTS"), func(r rune) bool { return r == ',' || r == ' ' })
	}
	if len(ports) == 0 {
		ports = []string{"8080"}
	}
	protocols := new(http.Protocols)
	protocols.SetHTTP1(true)
	protocols.SetUnencryptedHTTP2(true) // gRPC health probes speak HTTP/2 without TLS
	server := &http.Server{Handler: http.HandlerFunc(answer), Protocols: protocols, ReadHeaderTimeout: 5 * time.Second}
	for _, p := range ports {
		if port, ok := strings.CutSuffix(p, "/udp"); ok {
			conn, err := listenUDP(port)
			if err != nil {
				return err
			}
			go echo(conn)
			continue
		}
		listener, err := net.Listen("tcp", ":"+strings.TrimSuffix(p, "/tcp"))
		if err != nil {
			return err
		}
		go server.Serve(listener)
	}
	fmt.Printf("testapp: serving %s\n", strings.Join(ports, " "))
	got := waitForSignal()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	server.Shutdown(ctx)
	fmt.Printf("testapp: %s, stopped\n", got)
	return nil
}

// answer says 200 to every HTTP path; a gRPC call (the health check's Check) gets status SERVING.
func answer(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/grpc") {
		w.Header().Set("Content-Type", "application/grpc")
		w.Header().Set("Trailer", "Grpc-Status")
		// one length-prefixed message: HealthCheckResponse{status: SERVING}, protobuf field 1 varint 1
		w.Write([]byte{0, 0, 0, 0, 2, 0x08, 0x01})
		w.Header().Set("Grpc-Status", "0")
		return
	}
	fmt.Fprintf(w, "ok %s\n", r.URL.Path)
}

// listenUDP listens on every address with IP_PKTINFO on, so that each answer can leave from the address its
// datagram was sent to (a host with many addresses would otherwise answer from its primary one, which the
// sender's connected socket ignores).
func listenUDP(port string) (*net.UDPConn, error) {
	config := net.ListenConfig{Control: func(network, address string, raw syscall.RawConn) error {
		var err error
		raw.Control(func(fd uintptr) {
			err = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_IP, syscall.IP_PKTINFO, 1)
		})
		return err
	}}
	conn, err := config.ListenPacket(context.Background(), "udp4", ":"+port)
	if err != nil {
		return nil, err
	}
	return conn.(*net.UDPConn), nil
}

// echo answers every datagram with itself, from the address it was sent to.
func echo(conn *net.UDPConn) {
	buf := make([]byte, 2048)
	oob := make([]byte, 512)
	for {
		n, oobn, _, from, err := conn.ReadMsgUDP(buf, oob)
		if err != nil {
			return
		}
		var reply []byte
		if messages, err := syscall.ParseSocketControlMessage(oob[:oobn]); err == nil {
			for _, m := range messages {
				if m.Header.Level == syscall.IPPROTO_IP && m.Header.Type == syscall.IP_PKTINFO {
					asked := (*syscall.Inet4Pktinfo)(unsafe.Pointer(&m.Data[0]))
					reply = pktinfo(syscall.Inet4Pktinfo{Spec_dst: asked.Addr})
				}
			}
		}
		conn.WriteMsgUDP(buf[:n], reply, from)
	}
}

// pktinfo is a control message that sends a datagram from info.Spec_dst.
func pktinfo(info syscall.Inet4Pktinfo) []byte {
	b := make([]byte, syscall.CmsgSpace(syscall.SizeofInet4Pktinfo))
	h := (*syscall.Cmsghdr)(unsafe.Pointer(&b[0]))
	h.Level = syscall.IPPROTO_IP
	h.Type = syscall.IP_PKTINFO
	h.SetLen(syscall.CmsgLen(syscall.SizeofInet4Pktinfo))
	*(*syscall.Inet4Pktinfo)(unsafe.Pointer(&b[syscall.CmsgLen(0)])) = info
	return b
}

func probe(args []string) error {
	flags := flag.NewFlagSet("probe", flag.ContinueOnError)
	from := flags.String("from", "", "source address to send from")
	timeout := flags.Duration("timeout", 2*time.Second, "how long to wait for a connection or an answer")
	if err := flags.Parse(args); err != nil {
		return err
	}
	results := make([]string, flags.NArg())
	var wg sync.WaitGroup
	for i, target := range flags.Args() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			state := "closed"
			if reachable(target, *from, *timeout) {
				state = "open"
			}
			results[i] = target + " " + state
		}()
	}
	wg.Wait()
	fmt.Println(strings.Join(results, "\n"))
	return nil
}

// reachable opens a TCP connection, or sends a UDP datagram shaped as a DNS query (so DNS servers answer it
// too) and waits for any answer.
func reachable(target, from string, timeout time.Duration) bool {
	network, address, ok := strings.Cut(target, ":")
	if !ok || (network != "tcp" && network != "udp") {
		return false
	}
	dialer := net.Dialer{Timeout: timeout}
	if from != "" {
		ip := net.ParseIP(from)
		if network == "tcp" {
			dialer.LocalAddr = &net.TCPAddr{IP: ip}
		} else {
			dialer.LocalAddr = &net.UDPAddr{IP: ip}
		}
	}
	conn, err := dialer.Dial(network, address)
	if err != nil {
		return false
	}
	defer conn.Close()
	if network == "tcp" {
		return true
	}
	conn.SetDeadline(time.Now().Add(timeout))
	if _, err := conn.Write(dnsQuery()); err != nil {
		return false
	}
	_, err = conn.Read(make([]byte, 2048))
	return err == nil
}

// dnsQuery is a standard query for the root's NS records.
func dnsQuery() []byte {
	q := make([]byte, 12, 17)
	binary.BigEndian.PutUint16(q[0:], 0x6362) // id
	binary.BigEndian.PutUint16(q[2:], 0x0100) // recursion desired
	binary.BigEndian.PutUint16(q[4:], 1)      // one question
	return append(q, 0, 0, 2, 0, 1)           // root name, type NS, class IN
}
