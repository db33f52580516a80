package dev.chartsec.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.chartsec.testing.Chartsec;
import dev.chartsec.testing.Processes;

/** The packaged launcher: `serve` listens, every other command never opens a port. */
class ServeIT {
    @TempDir
    Path tmp;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** `chartsec serve` with these options, its output in serve.log. */
    Process serve(String... options) throws IOException {
        return serveLoggingTo("serve.log", options);
    }

    Process serveLoggingTo(String log, String... options) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Chartsec.LAUNCHER.toString(), "serve"));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve(log).toFile()).start();
    }

    /**
     * Behind several replicas a portal may reach any of them: two instances, started apart, answer the same
     * request with the same bytes and the same ETag, and each takes the other's ETag for a 304 (no state
     * that one replica holds and another needs).
     */
    @Test
    void twoInstancesAnswerWithTheSameBytesAndETags() throws Exception {
        List<Process> instances = new java.util.ArrayList<>();
        List<Integer> ports = List.of(freePort(), freePort());
        try {
            for (int i = 0; i < 2; i++) {
                instances.add(serveLoggingTo("serve-" + i + ".log", "--port", Integer.toString(ports.get(i)), "--management-port", Integer.toString(freePort())));
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String path = "/api/v1/charts/shop.zip?image.tag=2.0.0&replicaCount=3";
            List<HttpResponse<byte[]>> answers = new java.util.ArrayList<>();
            for (int port : ports) {
                firstAnswer(http, URI.create("http://127.0.0.1:" + port + "/api/v1/options"));
                answers.add(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofByteArray()));
            }
            assertEquals(200, answers.get(0).statusCode());
            org.junit.jupiter.api.Assertions.assertArrayEquals(answers.get(0).body(), answers.get(1).body());
            String etag = answers.get(0).headers().firstValue("ETag").orElseThrow();
            assertEquals(etag, answers.get(1).headers().firstValue("ETag").orElseThrow());
            HttpResponse<byte[]> revalidated = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(1) + path))
                    .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(304, revalidated.statusCode(), "the other replica's ETag is as good as its own");
        } finally {
            for (Process p : instances) {
                p.destroy();
                p.waitFor();
            }
        }
    }

    /**
     * The README's JSON flow for any portal, run as printed (on a free port instead of 8080): the catalog, the
     * files as JSON, and a refusal whose answer is the one the README shows.
     */
    @Test
    void theReadmesPortalFlowRunsAsPrinted() throws Exception {
        String readme = Files.readString(Chartsec.HOME.resolve("README.md"));
        String section = readme.substring(readme.indexOf("### Any portal: the JSON flow"));
        String script = section.substring(section.indexOf("```sh\n") + 6, section.indexOf("```\n", section.indexOf("```sh\n") + 6));
        String json = section.substring(section.indexOf("```json\n") + 8, section.indexOf("```\n", section.indexOf("```json\n") + 8)).strip();
        int port = freePort();
        Process p = serve("--port", Integer.toString(port), "--management-port", Integer.toString(freePort()));
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            assertEquals(200, firstAnswer(http, URI.create("http://127.0.0.1:" + port + "/api/v1/options")).statusCode());
            Processes.Result r = Processes.run(List.of("bash", "-euo", "pipefail", "-c", script.replace("localhost:8080", "localhost:" + port)),
                    tmp, java.util.Map.of(), "", Duration.ofSeconds(60));
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(Files.readString(tmp.resolve("options.json")).contains("\"requestSchema\""));
            assertTrue(Files.readString(tmp.resolve("shop.json")).startsWith("{\"files\": {"));
            assertEquals(json, r.stdout().strip(), "the refusal the README shows");
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    /** The first answer of a starting service (null when none came within 20 s). */
    static HttpResponse<String> firstAnswer(HttpClient http, URI uri) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try {
                return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        return null;
    }

    @Test
    void serveListensOnItsPort() throws Exception {
        int port = freePort();
        int management = freePort();
        Process p = serve("--port", Integer.toString(port), "--management-port", Integer.toString(management));
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> ready = firstAnswer(http, URI.create("http://127.0.0.1:" + management + "/q/health/ready"));
            assertEquals(200, ready == null ? -1 : ready.statusCode(), "the service came up");
            // the launcher trained an archive of its own for serve (on a real service run) before starting it
            try (var files = Files.list(Chartsec.HOME.resolve("target/quarkus-app"))) {
                assertTrue(files.anyMatch(f -> f.getFileName().toString().matches("chartsec-serve-[0-9]+\\.(aot|jsa)")),
                        "a serve archive beside the jar");
            }
            for (String q : List.of("/q/health/ready", "/q/metrics")) {
                assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + q)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode(), q + " is not served where the API is");
            }
            HttpResponse<byte[]> zip = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/charts"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"chart.name\": \"shop\"}")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, zip.statusCode());
            assertEquals("application/zip", zip.headers().firstValue("Content-Type").orElse(""));
        } finally {
            p.destroy();
            p.waitFor();
        }
        // its own start line names both listeners; its stop line comes once requests in flight are done
        String log = Files.readString(tmp.resolve("serve.log"));
        assertTrue(log.contains("chartsec serves the API on http://127.0.0.1:" + port + "; health and metrics on http://127.0.0.1:" + management + " ("), log);
        assertTrue(log.contains("chartsec stopped"), log);
    }

    @Test
    void serveOptionsAreCheckedBeforeAnythingStarts() {
        for (List<String> bad : List.of(List.of("--port", "99999"), List.of("--port=-1"), List.of("--host", "999.1.1.1"),
                List.of("--management-port", "0"), List.of("--port", "9100", "--management-port", "9100"),
                List.of("--management-host", "a b"),
                List.of("--host=x;id"), List.of("--bogus"), List.of("--port", "eighty"), List.of("--api-keys-file", "/no/such/file"))) {
            List<String> command = new java.util.ArrayList<>(List.of(Chartsec.LAUNCHER.toString(), "serve"));
            command.addAll(bad);
            Processes.Result r = Processes.run(command, tmp, java.util.Map.of(), "", Duration.ofSeconds(60));
            assertEquals(2, r.exitCode(), bad + ": " + r.output());
            assertTrue(r.stderr().startsWith("chartsec serve: ") && !r.stderr().contains("Exception") && !r.stderr().contains("\tat "),
                    bad + ": " + r.stderr());
        }
        Processes.Result help = Processes.run(List.of(Chartsec.LAUNCHER.toString(), "serve", "--help"), tmp, java.util.Map.of(), "",
                Duration.ofSeconds(60));
        assertEquals(0, help.exitCode());
        assertTrue(help.stdout().startsWith("Usage: chartsec serve") && !help.output().contains("serves the API"), help.output());
    }

    @Test
    void serveListensOnLoopbackByDefaultAndTakesTheEqualsFormsAndProperties() throws Exception {
        int port = freePort();
        int management = freePort();
        Process p = serve("--port=" + port, "--management-port=" + management, "-Dchartsec.api-keys=k1");
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> first = firstAnswer(http, URI.create("http://127.0.0.1:" + port + "/api/v1/options"));
            assertEquals(401, first == null ? -1 : first.statusCode(), "the API key from -D holds from the first request");
            for (int listened : List.of(port, management)) {
                String hexPort = String.format("%04X", listened);
                List<String> listening = new java.util.ArrayList<>();
                for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                    for (String line : Files.readAllLines(Path.of(table))) {
                        String[] f = line.trim().split("\\s+");
                        if (f.length > 3 && f[3].equals("0A") && f[1].endsWith(":" + hexPort)) {
                            listening.add(f[1]);
                        }
                    }
                }
                assertEquals(1, listening.size(), listening.toString());
                assertTrue(listening.get(0).startsWith("0100007F:") || listening.get(0).startsWith("0000000000000000FFFF00000100007F:"),
                        "loopback only: " + listening);
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    /** API keys from a file, as a pod reads them from a mounted Secret: one a line. */
    @Test
    void apiKeysComeFromAFile() throws Exception {
        Path keys = tmp.resolve("api-keys");
        Files.writeString(keys, "first-key\n\n  second-key  \n");
        int port = freePort();
        Process p = serve("--port", Integer.toString(port), "--management-port", Integer.toString(freePort()), "--api-keys-file", keys.toString());
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            URI options = URI.create("http://127.0.0.1:" + port + "/api/v1/options");
            HttpResponse<String> without = firstAnswer(http, options);
            assertEquals(401, without == null ? -1 : without.statusCode());
            for (String key : List.of("first-key", "second-key")) {
                HttpResponse<String> with = http.send(HttpRequest.newBuilder(options).header("X-API-Key", key).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, with.statusCode(), key);
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    /** The inodes of the TCP sockets in LISTEN state on this machine (IPv4 and IPv6). */
    static Set<String> listeningInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).subList(1, Files.readAllLines(Path.of(table)).size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A")) {
                    inodes.add(f[9]);
                }
            }
        }
        return inodes;
    }

    /** The socket inodes a process holds open. */
    static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        return inodes;
    }

    @Test
    void theWizardListensOnNoPortWhileItWaits() throws Exception {
        Process p = new ProcessBuilder(Chartsec.LAUNCHER.toString(), "new").directory(tmp.toFile()).redirectErrorStream(true).start();
        try {
            InputStream out = p.getInputStream();
            StringBuilder seen = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!seen.toString().contains("Chart name")) {
                assertTrue(System.nanoTime() < deadline && p.isAlive(), "the first question never came: " + seen);
                if (out.available() > 0) {
                    seen.append((char) out.read());
                } else {
                    Thread.sleep(10);
                }
            }
            Set<String> held = socketInodes(p.pid());
            held.retainAll(listeningInodes());
            assertEquals(Set.of(), held, "the wizard holds no listening socket");
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void otherCommandsNeverOpenAPortEvenWhen8080IsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.setReuseAddress(true);
            taken.bind(new java.net.InetSocketAddress("0.0.0.0", 8080));
            Processes.Result r = Chartsec.run(tmp, "", "new", "shop", "--defaults");
            assertEquals(0, r.exitCode(), r.stderr());
            assertTrue(Chartsec.run(tmp, "", "options").stdout().contains("image.tag"));
        } catch (java.net.BindException inUse) {
            // something else holds 8080 already: the command must still work
            assertEquals(0, Chartsec.run(tmp, "", "new", "shop", "--defaults").exitCode());
        }
    }
}
