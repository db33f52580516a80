// A round-robin HTTP reverse proxy for bench/replicas.sh: each request goes to the next backend in turn, as a
// Kubernetes Service spreads connections over replicas (here per request, the stricter case for a cache).
package main

import (
	"flag"
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:18190", "address to listen on")
	backends := flag.String("backends", "", "comma-separated base URLs of the replicas")
	flag.Parse()
	var targets []*url.URL
	for _, b := range strings.Split(*backends, ",") {
		u, err := url.Parse(b)
		if err != nil || u.Host == "" {
			log.Fatalf("backend %q: not a base URL", b)
		}
		targets = append(targets, u)
	}
	var next atomic.Uint64
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(targets[(next.Add(1)-1)%uint64(len(targets))])
		},
		Transport: &http.Transport{MaxIdleConnsPerHost: 512},
	}
	log.Fatal(http.ListenAndServe(*listen, proxy))
}
