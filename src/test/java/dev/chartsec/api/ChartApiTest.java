package dev.chartsec.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;

import dev.chartsec.generate.JsonText;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.testing.Chartsec;
import dev.chartsec.testing.Helm;
import dev.chartsec.testing.Processes;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/** The REST service over real HTTP, every exchange checked against api-spec/openapi.yaml. */
@QuarkusTest
class ChartApiTest {
    static final String SPEC = Chartsec.HOME.resolve("api-spec/openapi.yaml").toUri().toString();
    static final OpenApiValidationFilter CONTRACT = new OpenApiValidationFilter(SPEC);
    /** For requests that break the contract on purpose: only the answers are held to it. */
    static final OpenApiValidationFilter RESPONSES = new OpenApiValidationFilter(OpenApiInteractionValidator
            .createForSpecificationUrl(SPEC)
            .withLevelResolver(LevelResolver.create().withLevel("validation.request", ValidationReport.Level.IGNORE).build())
            .build());

    @TestHTTPResource("/")
    URL base;

    @TempDir
    Path tmp;

    @BeforeAll
    static void contract() {
        RestAssured.replaceFiltersWith(CONTRACT);
    }

    static Response post(String accept, String body) {
        return given().contentType("application/json").accept(accept).body(body).post("/api/v1/charts");
    }

    @Test
    void optionsComeFromTheCatalogWithETagAnd304() {
        Response r = given().get("/api/v1/options");
        r.then().statusCode(200).contentType("application/json").header("Cache-Control", containsString("max-age"))
                .body("options.size()", equalTo(OptionCatalog.standard().options().size()))
                .body("options.id", hasItems("chart.name", "image.tag", "rbac.rules"))
                .body("requestSchema.additionalProperties", equalTo(false))
                .body("requestSchema.properties.'image.tag'.not.enum", hasItems("latest"));
        String etag = r.header("ETag");
        assertTrue(etag.startsWith("\"") && etag.length() > 60, etag);
        given().header("If-None-Match", etag).get("/api/v1/options").then().statusCode(304);
    }

    @Test
    void zipByDefaultPassesHelmLintAndRenders() throws IOException {
        Response r = post("*/*", "{\"chart.name\": \"shop\", \"networkPolicy.egress.postgresql.enabled\": true}");
        r.then().statusCode(200).contentType("application/zip")
                .header("Content-Disposition", equalTo("attachment; filename=\"shop.zip\""));
        Map<String, String> files = unzip(r.asByteArray());
        assertTrue(files.keySet().stream().allMatch(p -> p.startsWith("shop/")), files.keySet().toString());
        Path chart = write(files, tmp);
        Processes.Result lint = Helm.cli("helm4", "lint", "--strict", chart.resolve("shop").toString());
        assertEquals(0, lint.exitCode(), lint.output());
        assertFalse(lint.output().contains("[INFO]") || lint.output().contains("[WARNING]"), lint.output());
        Processes.Result template = Helm.cli("helm4", "template", "rel", chart.resolve("shop").toString(), "-n", "shop");
        assertEquals(0, template.exitCode(), template.output());
        assertTrue(template.output().contains("port: 5432"));
    }

    @Test
    void tgzInstallsStraightFromItsUrl() throws IOException {
        Response r = post("application/gzip", "{\"chart.name\": \"shop\", \"chart.version\": \"1.2.3\"}");
        r.then().statusCode(200).contentType("application/gzip")
                .header("Content-Disposition", equalTo("attachment; filename=\"shop-1.2.3.tgz\""));
        Path tgz = tmp.resolve("shop-1.2.3.tgz");
        Files.write(tgz, r.asByteArray());
        Processes.Result lint = Helm.cli("helm4", "lint", "--strict", tgz.toString());
        assertEquals(0, lint.exitCode(), lint.output());
        assertFalse(untar(r.asByteArray()).keySet().stream().anyMatch(p -> p.contains(".chartsec")), "answers stay out of packages");

        String url = base + "api/v1/charts/shop.tgz?image.tag=2.0.1&networkPolicy.egress.redis.enabled=true";
        for (String helm : List.of("helm4", "helm3")) {
            Processes.Result template = Helm.cli(helm, "template", "rel", url, "-n", "shop");
            assertEquals(0, template.exitCode(), template.output());
            assertTrue(template.output().contains("image: \"ghcr.io/example/app:2.0.1\""), template.output());
            assertTrue(template.output().contains("port: 6379"));
        }
    }

    @Test
    void jsonFilesEqualTheZip() {
        String body = "{\"chart.name\": \"shop\", \"ingress.enabled\": true, \"ingress.host\": \"shop.example.com\", \"ingress.tlsSecret\": \"tls\"}";
        Map<String, Object> json = post("application/json", body).then().statusCode(200).contentType("application/json")
                .extract().jsonPath().getMap("files");
        Map<String, String> zip = unzip(post("application/zip", body).asByteArray());
        Map<String, String> fromJson = new TreeMap<>();
        json.forEach((k, v) -> fromJson.put("shop/" + k, (String) v));
        assertEquals(new TreeMap<>(zip), fromJson);
    }

    @Test
    void identicalRequestsGiveIdenticalBytesAndAStrongETag() {
        String body = "{\"chart.name\": \"shop\", \"image.tag\": \"3.0.0\"}";
        Response a = post("application/zip", body);
        Response b = post("application/zip", "{\"image.tag\": \"3.0.0\", \"chart.name\": \"shop\"}");
        assertArrayEquals(a.asByteArray(), b.asByteArray());
        assertEquals(a.header("ETag"), b.header("ETag"));
        Response get = given().get("/api/v1/charts/shop.zip?image.tag=3.0.0");
        assertArrayEquals(a.asByteArray(), get.asByteArray(), "the URL recipe gives the same archive");
        // the service's cache answered the second request: the same archive made from scratch, in-process
        dev.chartsec.write.ZipArchive.clearCache();
        dev.chartsec.option.OptionCatalog catalog = dev.chartsec.option.OptionCatalog.standard();
        byte[] fresh = dev.chartsec.write.ZipArchive.of(new dev.chartsec.generate.ChartGenerator(catalog)
                .generate(new dev.chartsec.option.AnswerValidator(catalog).validate(Map.of("chart.name", "shop", "image.tag", "3.0.0"))));
        assertArrayEquals(fresh, a.asByteArray(), "the service's bytes are the bytes of a fresh generation");
        given().header("If-None-Match", a.header("ETag")).get("/api/v1/charts/shop.zip?image.tag=3.0.0").then().statusCode(304);
        assertTrue(Chartsec.HOME.resolve("target").toFile().exists());
    }

    @Test
    void previewHasFilesAndTheSecuritySummary() {
        given().contentType("application/json").body("{\"chart.name\": \"shop\", \"networkPolicy.enabled\": false, \"containerPort\": 80}")
                .post("/api/v1/charts/preview").then().statusCode(200)
                .body("files.'templates/workload.yaml'", containsString("kind: {{ $kind }}"))
                .body("files.'values.yaml'", containsString("\nkind: \"Deployment\"\n"))
                .body("security.enforced.size()", not(equalTo(0)))
                .body("security.opened", hasItems(startsWith("no NetworkPolicy")))
                .body("security.exemptions", hasItems(startsWith("kube-score pod-networkpolicy")))
                .body("warnings", hasItems(startsWith("containerPort: 80 is below 1024")));
    }

    @Test
    void curlGetsHelpText() {
        given().get("/").then().statusCode(200).contentType(containsString("text/plain"))
                .body(containsString("helm install shop"), containsString("image.tag"));
    }

    @Test
    void ifNoneMatchAsRfc9110SaysAndVaryAccept() {
        Response first = given().get("/api/v1/charts/shop.zip?image.tag=3.1.0");
        String etag = first.header("ETag");
        assertTrue(first.header("Vary").contains("Accept"), "the format is negotiated");
        for (String condition : List.of(etag, "W/" + etag, "*", "\"other\", " + etag, "\"a\",W/" + etag)) {
            given().header("If-None-Match", condition).get("/api/v1/charts/shop.zip?image.tag=3.1.0").then().statusCode(304);
        }
        given().header("If-None-Match", "\"other\"").get("/api/v1/charts/shop.zip?image.tag=3.1.0").then().statusCode(200);
        given().header("If-None-Match", "W/" + given().get("/api/v1/options").header("ETag")).get("/api/v1/options").then().statusCode(304);
    }

    @Test
    void theHostHeaderNeverReachesTheHelpText() {
        String help = given().header("Host", "evil.example.com:1").get("/").then().statusCode(200).extract().asString();
        assertFalse(help.contains("evil.example.com"), help);
        assertTrue(help.contains("curl -fsS 'http://localhost:"), help);
    }

    // the management root, http://127.0.0.1:PORT/q/
    @io.quarkus.test.common.http.TestHTTPResource(value = "", management = true)
    java.net.URL management;

    @Test
    void healthAndMetricsOnTheManagementInterfaceOnly() {
        // the /q/ endpoints are Quarkus's own, outside the API contract, and on their own listener
        given().noFilters().get(management + "health/live").then().statusCode(200);
        given().noFilters().get(management + "health/ready").then().statusCode(200);
        given().noFilters().get("/q/health/ready").then().statusCode(404);
        given().noFilters().get("/q/metrics").then().statusCode(404);
        post("application/zip", "{\"chart.name\": \"metrics\"}").then().statusCode(200);
        String metrics = given().noFilters().get(management + "metrics").asString();
        assertTrue(metrics.contains("chartsec_generation_seconds_count"), metrics);
        assertTrue(metrics.contains("http_server_requests_seconds_count"), metrics);
        // the JVM's and the process's meters, bound just after the start (RuntimeMeters)
        for (int i = 0; i < 50 && !metrics.contains("process_files_open_files"); i++) {
            metrics = given().noFilters().get(management + "metrics").asString();
        }
        for (String meter : List.of("jvm_memory_used_bytes", "jvm_gc_max_data_size_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "process_cpu_usage", "process_uptime_seconds", "process_files_open_files")) {
            assertTrue(metrics.contains(meter), meter);
        }
        given().noFilters().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/charts/preview"));
    }

    static Map<String, String> unzip(byte[] zip) {
        Map<String, String> files = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    /** A minimal tar reader: names and contents of a .tgz. */
    static Map<String, String> untar(byte[] tgz) throws IOException {
        Map<String, String> files = new TreeMap<>();
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(tgz)).readAllBytes();
        for (int at = 0; at + 512 <= tar.length; ) {
            String name = new String(tar, at, 100, StandardCharsets.UTF_8).replace("\0", "");
            if (name.isEmpty()) {
                break;
            }
            int size = Integer.parseInt(new String(tar, at + 124, 11, StandardCharsets.US_ASCII).trim(), 8);
            files.put(name, new String(tar, at + 512, size, StandardCharsets.UTF_8));
            at += 512 + (size + 511) / 512 * 512;
        }
        return files;
    }

    static Path write(Map<String, String> files, Path dir) throws IOException {
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path p = dir.resolve(e.getKey()).normalize();
            assertTrue(p.startsWith(dir), "entry outside the archive root: " + e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
        return dir;
    }

    static String json(Object o) {
        return JsonText.write(o);
    }
}
