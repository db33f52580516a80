package dev.chartsec.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.chartsec.testing.Chartsec;

/**
 * The packaged service (bin/chartsec serve) under each attack of the hostile-client issue, for a bounded time,
 * while a normal client keeps asking for charts: every normal request must succeed, the attack's connections
 * must be cut within the configured deadlines, the service's memory must stay bounded, and no client
 * behaviour may be logged as an ERROR. The deadlines are shortened by -D so the test runs in seconds.
 */
class HostileClientIT {
    static final int ATTACKERS = 220;
    static Path log;
    static Process server;
    static int port;
    static int management;

    @BeforeAll
    static void start() throws Exception {
        log = Files.createTempFile("hostile-serve", ".log");
        port = freePort();
        management = freePort();
        server = new ProcessBuilder(Chartsec.LAUNCHER.toString(), "serve", "--port", Integer.toString(port),
                "--management-port", Integer.toString(management), "-Dchartsec.http.body-deadline-ms=3000",
                "-Dquarkus.http.idle-timeout=3S").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 150; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the service did not start: " + Files.readString(log));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server.isAlive()) {
            server.destroy();
            server.waitFor();
        }
        String text = Files.readString(log);
        assertFalse(text.contains("ERROR"), "client behaviour is never an ERROR:\n" + text);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A normal client: one chart after another for {@code seconds}; how many succeeded and how many did not. */
    static int[] normalTraffic(double seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        int ok = 0;
        int failed = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int n = 0;
        while (System.nanoTime() < end) {
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/charts"))
                        .timeout(Duration.ofSeconds(3)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"chart.name\": \"shop\", \"image.tag\": \"1." + n++ + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    failed++;
                }
            } catch (IOException e) {
                failed++;
            }
            Thread.sleep(50);
        }
        return new int[] {ok, failed};
    }

    /** Resident memory of the service, in MiB (the launcher execs java, so the process is the JVM). */
    static long residentMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + server.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    /**
     * {@code ATTACKERS} connections that each send {@code opening}, then one more byte of {@code trickle} every
     * second; counts how many the service closed (or answered) before {@code seconds} were over.
     */
    static int attack(byte[] opening, byte[] trickle, double seconds, AtomicInteger answered408) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
            s.setSoTimeout(1); // a round of all the connections takes well under the 3 s idle timeout
            s.getOutputStream().write(opening);
            sockets.add(s);
        }
        int closed = 0;
        boolean[] done = new boolean[ATTACKERS];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (int i = 0; i < ATTACKERS; i++) {
                if (done[i]) {
                    continue;
                }
                Socket s = sockets.get(i);
                try {
                    byte[] buf = new byte[512];
                    int n;
                    try {
                        n = s.getInputStream().read(buf);
                    } catch (java.net.SocketTimeoutException nothingYet) {
                        n = 0;
                        if (trickle.length > 0) {
                            s.getOutputStream().write(trickle);
                        }
                        throw nothingYet;
                    }
                    if (n < 0 || n > 0) {
                        done[i] = true;
                        closed++;
                        if (n > 0 && new String(buf, 0, n, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 408")) {
                            answered408.incrementAndGet();
                        }
                    }
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // nothing yet
                } catch (IOException reset) {
                    done[i] = true;
                    closed++;
                }
            }
            Thread.sleep(1000);
        }
        for (Socket s : sockets) {
            s.close();
        }
        return closed;
    }

    static <T> Future<T> inBackground(ExecutorService pool, Callable<T> task) {
        return pool.submit(task);
    }

    @Test
    void slowBodiesAreCutAndNormalRequestsKeepBeingServed() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        AtomicInteger timedOut = new AtomicInteger();
        Future<Integer> closed = inBackground(pool, () -> attack(("POST /api/v1/charts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 60000\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1), " ".getBytes(StandardCharsets.ISO_8859_1), 8, timedOut));
        int[] normal = normalTraffic(7);
        int cut = closed.get();
        pool.shutdown();
        System.out.printf("slow bodies: %d normal requests ok, %d failed; %d of %d attackers cut (%d with 408); RSS %d MiB%n",
                normal[0], normal[1], cut, ATTACKERS, timedOut.get(), residentMiB());
        assertEquals(0, normal[1], "normal requests failed under the attack");
        assertTrue(normal[0] > 20, "normal requests served: " + normal[0]);
        assertEquals(ATTACKERS, cut, "every trickling body is cut by the deadline");
        // the 408 is sent before the close; a client whose unread trickle makes the close a reset may lose it
        assertTrue(timedOut.get() > 0, "the cut is a 408");
    }

    @Test
    void partialHeadersAndIdleConnectionsDoNotStopNormalRequests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicInteger ignored = new AtomicInteger();
        // a header line a byte a second, faster than the idle timeout (3 s): the timeout counts from the last whole
        // message the parser produced, so the head is cut 3 s after it began
        Future<Integer> headers = inBackground(pool, () -> attack("POST /api/v1/charts HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1),
                "X".getBytes(StandardCharsets.ISO_8859_1), 8, ignored));
        Future<Integer> idle = inBackground(pool, () -> attack(new byte[0], new byte[0], 8, ignored));
        int[] normal = normalTraffic(7);
        int idleClosed = idle.get();
        int headsCut = headers.get();
        pool.shutdown();
        System.out.printf("partial headers and idle connections: %d normal requests ok, %d failed; %d of %d trickling heads cut, %d of %d idle connections closed; RSS %d MiB%n",
                normal[0], normal[1], headsCut, ATTACKERS, idleClosed, ATTACKERS, residentMiB());
        assertEquals(0, normal[1], "normal requests failed under the attack");
        assertEquals(ATTACKERS, headsCut, "every trickling head is cut");
        assertEquals(ATTACKERS, idleClosed, "idle connections are closed");
    }

    @Test
    void madeUpMethodsAndPathsKeepTheMetricsBounded() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 3000; i++) {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/made/up/" + i))
                    .method(i % 2 == 0 ? "M" + i : "GET", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        }
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        long series = metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count")).count();
        System.out.printf("3000 made-up methods and paths: %d request series; RSS %d MiB%n", series, residentMiB());
        assertTrue(series <= BoundedMetrics.MAX_URIS * 3, "request series stay bounded: " + series);
        assertFalse(metrics.contains("method=\"M2\""));
        assertEquals(0, normalTraffic(1)[1]);
    }

    @Test
    void aMapTypedInAQueryReachesThePackagedService() throws Exception {
        // Quarkus's own check of the target is turned off by `serve` itself, not by the tests' configuration
        String typed = HostileRequestTest.raw(port, "/api/v1/charts/shop.json?podAnnotations={team:%20shop}");
        assertTrue(typed.startsWith("HTTP/1.1 200 "), typed);
        String malformed = HostileRequestTest.raw(port, "/api/v1/charts/shop.json?x=%zz");
        assertTrue(malformed.startsWith("HTTP/1.1 400 ") && malformed.contains("application/problem+json"), malformed);
    }

    @Test
    void aClientThatGoesAwayMidUploadIsNoError() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = s.getOutputStream();
                out.write(("POST /api/v1/charts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"chart.name\"")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        }
        Thread.sleep(500);
        assertEquals(0, normalTraffic(1)[1]);
        assertFalse(Files.readString(log).contains("ERROR"), Files.readString(log));
    }

    /** With a service of its own, which it stops. */
    @Test
    void sigtermLetsRequestsInFlightFinishAndTurnsReadinessOffFirst() throws Exception {
        Path ownLog = Files.createTempFile("shutdown-serve", ".log");
        int p = freePort();
        int m = freePort();
        Process own = new ProcessBuilder(Chartsec.LAUNCHER.toString(), "serve", "--port", Integer.toString(p), "--management-port",
                Integer.toString(m)).redirectErrorStream(true).redirectOutput(ownLog.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + m + "/q/health/ready");
        for (int i = 0; i < 150; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        // eight uploads in flight: half a body each, the rest sent after SIGTERM
        byte[] body = "{\"chart.name\": \"shop\", \"image.tag\": \"2.0.0\"}".getBytes(StandardCharsets.UTF_8);
        List<Socket> uploads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), p);
            s.getOutputStream().write(("POST /api/v1/charts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().write(body, 0, body.length / 2);
            uploads.add(s);
        }
        Thread.sleep(300);
        own.destroy(); // SIGTERM
        Thread.sleep(500);
        int readiness = http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        int answered = 0;
        for (Socket s : uploads) {
            s.getOutputStream().write(body, body.length / 2, body.length - body.length / 2);
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            if (new String(head, StandardCharsets.ISO_8859_1).equals("HTTP/1.1 200")) {
                answered++;
            }
            s.close();
        }
        int exit = own.waitFor();
        String text = Files.readString(ownLog);
        System.out.printf("SIGTERM with 8 uploads in flight: readiness %d during the delay, %d of 8 answered 200, exit %d%n",
                readiness, answered, exit);
        assertEquals(503, readiness, "readiness turns DOWN first");
        assertEquals(8, answered, "every request in flight completes");
        assertFalse(text.contains("ERROR"), text);
    }
}
