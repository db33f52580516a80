package dev.chartsec.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.chartsec.generate.ChartGenerator;
import dev.chartsec.option.AnswerValidator;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.testing.Chartsec;
import dev.chartsec.testing.Processes;
import dev.chartsec.write.ZipArchive;

/**
 * deploy/image/build.sh makes chartsec's OCI image without Docker or a registry. Its configuration is read
 * from the tarball (user, entrypoint, command, ports), and the image's own root filesystem runs the service
 * the way a pod would: read-only, a tmpfs /tmp, as user 10001, no JDK of the machine involved. The archive
 * it serves is byte-identical to the in-process generator's.
 */
class ImageIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theImageIsConfiguredAsDeclaredAndServesFromAReadOnlyRootAsItsUser() throws Exception {
        Processes.Result built = Processes.run(List.of("bash", Chartsec.HOME.resolve("deploy/image/build.sh").toString(), tmp.resolve("out").toString()),
                Chartsec.HOME, Map.of(), "", Duration.ofMinutes(10));
        assertEquals(0, built.exitCode(), built.output());
        System.out.println(built.stdout().strip());
        Path tarball = Files.list(tmp.resolve("out")).filter(p -> p.toString().endsWith("-oci.tar")).findFirst().orElseThrow();
        Path layout = Files.createDirectories(tmp.resolve("layout"));
        assertEquals(0, Processes.run(List.of("tar", "-xf", tarball.toString(), "-C", layout.toString()), tmp, Map.of(), "", Duration.ofMinutes(2)).exitCode());

        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(blob(layout, index.at("/manifests/0/digest").asText()).toFile());
        JsonNode config = JSON.readTree(blob(layout, manifest.at("/config/digest").asText()).toFile()).get("config");
        assertEquals("10001:10001", config.get("User").asText(), "a non-root user");
        assertEquals(List.of("java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75", "-XX:-UsePerfData", "-jar", "/app/quarkus-run.jar"), texts(config.get("Entrypoint")));
        assertEquals(List.of("serve", "--host", "0.0.0.0", "--management-host", "0.0.0.0"), texts(config.get("Cmd")));
        assertTrue(config.get("ExposedPorts").has("8080/tcp") && config.get("ExposedPorts").has("9000/tcp"), config.toString());

        String tag = index.at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText();
        Path bundle = tmp.resolve("bundle");
        Processes.Result unpacked = Processes.run(List.of("umoci", "unpack", "--image", layout + ":" + tag, bundle.toString()), tmp, Map.of(), "",
                Duration.ofMinutes(2));
        assertEquals(0, unpacked.exitCode(), unpacked.output());
        assertTrue(Files.isRegularFile(bundle.resolve("rootfs/app/quarkus-run.jar")) && Files.exists(bundle.resolve("rootfs/usr/bin/java")));

        // the root filesystem mounted read-only, with /proc and a tmpfs /tmp, as a container runtime gives it
        Path root = Files.createDirectories(tmp.resolve("root"));
        int port = freePort();
        int management = freePort();
        String script = String.join(" && ", "mount --bind " + bundle.resolve("rootfs") + " " + root, "mount -o remount,ro,bind " + root,
                "mount -t proc proc " + root.resolve("proc"), "mount -t tmpfs -o size=64m,mode=1777 tmpfs " + root.resolve("tmp"),
                "exec chroot --userspec=10001:10001 " + root + " " + String.join(" ", texts(config.get("Entrypoint")))
                        + " serve --port " + port + " --management-port " + management);
        Process service = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "bash", "-c", script)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("service.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> ready = null;
            for (int i = 0; i < 120 && (ready == null || ready.statusCode() != 200) && service.isAlive(); i++) {
                Thread.sleep(250);
                try {
                    ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/health/ready")).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException notYet) {
                    // still starting
                }
            }
            assertEquals(200, ready == null ? -1 : ready.statusCode(), Files.readString(tmp.resolve("service.log")));
            HttpResponse<byte[]> zip = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/charts/shop.zip?image.tag=3.0.0"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, zip.statusCode());
            OptionCatalog catalog = OptionCatalog.standard();
            byte[] fresh = ZipArchive.of(new ChartGenerator(catalog).generate(new AnswerValidator(catalog).validate(Map.of("chart.name", "shop", "image.tag", "3.0.0"))));
            assertArrayEquals(fresh, zip.body(), "the image serves the generator's bytes");
            String log = Files.readString(tmp.resolve("service.log"));
            assertTrue(log.contains("chartsec serves the API on http://127.0.0.1:" + port + ";"), "it says where it listens: " + log);
        } finally {
            service.destroy();
            service.waitFor();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
