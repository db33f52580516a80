package dev.chartsec.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.chartsec.generate.JsonText;
import dev.chartsec.option.Option;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.option.OptionType;
import dev.chartsec.testing.AnswerMatrix;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/** Hostile and malformed requests: each a clear 4xx problem document, never a 500, never a file outside the root. */
@QuarkusTest
class HostileRequestTest {

    @BeforeAll
    static void contract() {
        RestAssured.replaceFiltersWith(ChartApiTest.RESPONSES);
    }

    static Response post(String body) {
        return given().contentType("application/json").accept("application/zip").body(body).post("/api/v1/charts");
    }

    static void problem(Response r, int status) {
        r.then().statusCode(status).contentType("application/problem+json").body("status", equalTo(status))
                .body(not(containsString("at dev.chartsec")), not(containsString("Exception")));
    }

    // the management root, http://127.0.0.1:PORT/q/
    @io.quarkus.test.common.http.TestHTTPResource(value = "", management = true)
    java.net.URL management;

    @Test
    void madeUpMethodNamesAddNoMetricSeries() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = "http://localhost:" + RestAssured.port;
        for (int i = 0; i < 40; i++) {
            http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/v1/options"))
                    .method("MADEUP" + i, java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        }
        String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(management + "metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertFalse(metrics.contains("MADEUP"), "no series per made-up method");
        assertTrue(metrics.contains("method=\"OTHER\""), "made-up methods are counted together");
    }

    @Test
    void everyInvalidFieldIsListedWithWhatIsAllowed() {
        Response r = post("{\"chart.name\": \"Shop\", \"image.tag\": \"latest\", \"replicaCount\": \"two\", "
                + "\"networkPolicy.enabled\": 1, \"unknown.field\": true}");
        problem(r, 400);
        r.then().body("violations.option", hasItems("chart.name", "image.tag", "replicaCount", "networkPolicy.enabled", "unknown.field"))
                .body("violations.find { it.option == 'image.tag' }.value", equalTo("'latest'"))
                .body("violations.find { it.option == 'image.tag' }.allowed", containsString("not 'latest'"));
    }

    @Test
    void malformedJsonDuplicateKeysDeepNestingAndWrongRoots() {
        problem(post("{\"chart.name\": \"shop\""), 400);
        problem(post("{\"chart.name\": \"shop\", \"chart.name\": \"other\"}"), 400);
        problem(post("[\"chart.name\"]"), 400);
        problem(post("\"shop\""), 400);
        problem(post("{\"chart.name\": \"shop\"} trailing"), 400);
        problem(post("{\"env\": " + "{\"a\": ".repeat(40) + "1" + "}".repeat(40) + "}"), 400);
        problem(given().contentType("application/json").accept("application/zip").post("/api/v1/charts"), 400);
    }

    @Test
    void hugeBodiesAndHugeLists() {
        String big = "{\"chart.name\": \"shop\", \"chart.description\": \"" + "x".repeat(70_000) + "\"}";
        problem(post(big), 413);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add("s"); // short, so the body stays under 64 KiB and the list rule itself answers
        }
        Response r = post(JsonText.write(Map.of("chart.name", "shop", "imagePullSecrets", many)));
        problem(r, 400);
        r.then().body("violations[0].problem", containsString("10000 items"));
        // over the hard limit of the HTTP layer: refused before it is read; the server answers 413 and may
        // close the connection while the client is still sending
        try {
            given().noFilters().contentType("application/json").body("{\"a\": \"" + "x".repeat(300_000) + "\"}")
                    .post("/api/v1/charts").then().statusCode(413);
        } catch (Exception closed) {
            assertTrue(String.valueOf(closed.getMessage()).matches("(?is).*(broken pipe|connection reset).*"), closed.toString());
        }
    }

    @Test
    void chunkedBodiesHaveTheSameLimitAndTheSameAnswers() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient(); // it asks for an HTTP/2 upgrade too
        java.util.function.Function<byte[], java.net.http.HttpResponse<byte[]>> chunked = body -> {
            try { // a body from a stream has no Content-Length: the client sends it chunked
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + RestAssured.port + "/api/v1/charts"))
                        .header("Content-Type", "application/json").header("Accept", "application/zip")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        for (int size : List.of(AnswersBody.MAX_BYTES + 1, 300_000, 2_000_000)) {
            byte[] big = ("{\"a\": \"" + "x".repeat(size) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.net.http.HttpResponse<byte[]> r;
            try {
                r = chunked.apply(big);
            } catch (IllegalStateException closed) {
                continue; // the server may close while a large body is still being sent; the small ones show the answer
            }
            assertEquals(413, r.statusCode(), size + " bytes");
            assertEquals(Problem.MEDIA_TYPE, r.headers().firstValue("Content-Type").orElse(""));
            assertTrue(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).contains("\"status\":413"));
        }
        byte[] answers = "{\"chart.name\": \"shop\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpResponse<byte[]> ok = chunked.apply(answers);
        assertEquals(200, ok.statusCode());
        assertTrue(java.util.Arrays.equals(post("{\"chart.name\": \"shop\"}").asByteArray(), ok.body()), "chunked or not, the same zip");
    }

    @Test
    void allowSaysWhatEachPathAnswers() {
        given().noFilters().delete("/api/v1/options").then().statusCode(405).header("Allow", "GET, HEAD, OPTIONS");
        given().noFilters().put("/api/v1/charts").then().statusCode(405).header("Allow", "OPTIONS, POST");
        // the preview is a route of its own (the web page's GET, the portals' POST), not a file name for the download's GET
        given().noFilters().delete("/api/v1/charts/preview").then().statusCode(405).header("Allow", "GET, HEAD, OPTIONS, POST")
                .contentType(Problem.MEDIA_TYPE);
        given().noFilters().get("/api/v1/charts/preview").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("violations[0].option", org.hamcrest.Matchers.equalTo("chart.name"));
        given().noFilters().options("/api/v1/charts/shop.zip").then().statusCode(204).header("Allow", "GET, HEAD, OPTIONS");
        given().noFilters().options("/api/v1/charts/preview").then().statusCode(204).header("Allow", "GET, HEAD, OPTIONS, POST");
        given().noFilters().options("/web/app.js").then().statusCode(204).header("Allow", "GET, HEAD, OPTIONS");
        given().noFilters().get("/web/secrets.txt").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        given().noFilters().get("/web/..%2Fapplication.properties").then().statusCode(404);
        given().noFilters().options("/").then().statusCode(204).header("Allow", "GET, HEAD, OPTIONS");
        given().noFilters().options("/nothing/here").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void wrongMediaTypes() {
        problem(given().contentType("text/plain").accept("application/zip").body("chart.name=shop").post("/api/v1/charts"), 415);
        problem(given().contentType("application/json").accept("text/html").body("{\"chart.name\": \"shop\"}").post("/api/v1/charts"), 406);
        given().noFilters().contentType("application/json").accept("application/zip;q=0, text/html")
                .body("{\"chart.name\": \"shop\"}").post("/api/v1/charts").then().statusCode(406);
    }

    @Test
    void pathTraversalInTheNameNeverLeavesTheRoot() {
        for (String name : List.of("../../etc/passwd", "..", "a/b", "shop/../../x", "/abs", "shop\u0000")) {
            Response r = post(JsonText.write(Map.of("chart.name", name)));
            problem(r, 400);
            r.then().body("violations.option", hasItem("chart.name"));
        }
        for (String path : List.of("..%2F..%2Fetc%2Fpasswd.zip", "shop.exe", "Shop.zip", "shop.zip.tgz", "%2e%2e.zip")) {
            Response r = given().noFilters().urlEncodingEnabled(false).get("/api/v1/charts/" + path);
            assertTrue(r.statusCode() == 404 || r.statusCode() == 400, path + " -> " + r.statusCode());
            assertFalse(r.asString().contains("Exception"));
        }
    }

    @Test
    void templateSyntaxAndNewlinesInEveryTextFieldStayValues() {
        OptionCatalog catalog = OptionCatalog.standard();
        for (Option o : catalog.options()) {
            if (o.type() != OptionType.TEXT || o.id().equals("chart.name")) {
                continue;
            }
            for (String text : List.of("{{ .Files.Get \"x\" }}", "a\nb: c", "\"quoted\": 'x'")) {
                Map<String, Object> answers = new LinkedHashMap<>(AnswerMatrix.answers(o.id(), text));
                Response r = given().contentType("application/json").accept("application/json")
                        .body(JsonText.write(answers)).post("/api/v1/charts");
                if (r.statusCode() == 200) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> files = (Map<String, Object>) r.as(Map.class).get("files");
                    String values = (String) files.get("values.yaml") + files.get("Chart.yaml");
                    assertTrue(values.contains(JsonText.quote(text)), o.id() + " must hold the text as one quoted value");
                    for (Map.Entry<String, Object> f : files.entrySet()) {
                        if (f.getKey().startsWith("templates/")) {
                            assertFalse(((String) f.getValue()).contains(".Files.Get"), o.id() + " reached " + f.getKey());
                        }
                    }
                } else {
                    assertEquals(400, r.statusCode(), o.id());
                    r.then().body("violations.option", hasItem(o.id()));
                }
            }
        }
    }

    /** The whole answer to a GET of {@code target} sent byte for byte, as no HTTP client library would send it. */
    static String raw(int port, String target) throws java.io.IOException {
        return rawRequest(port, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    /** The whole answer to {@code request}, sent as it is. */
    static String rawRequest(int port, String request) throws java.io.IOException {
        try (java.net.Socket s = new java.net.Socket("localhost", port)) {
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void bytesThatAreNotHttpGetAProblemDocumentAndAClosedConnection() throws Exception {
        Map<Integer, String> requests = Map.of(
                400, "GET /api/v1/options HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n",
                414, "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
                431, "GET /api/v1/options HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(30_000) + "\r\n\r\n");
        for (Map.Entry<Integer, String> request : requests.entrySet()) {
            // read to the end: the answer is the last thing on the connection
            String answer = rawRequest(RestAssured.port, request.getValue());
            assertTrue(answer.matches("(?s)HTTP/1\\.[01] " + request.getKey() + " .*"), answer);
            assertTrue(answer.contains("\r\nContent-Type: application/problem+json\r\n") && answer.contains("\r\nConnection: close\r\n"), answer);
            assertTrue(answer.contains("\"status\":" + request.getKey() + ","), answer);
        }
    }

    @Test
    void aQueryTakesWhatBrowsersSendUnencodedAndAnUnreadableTargetIsAProblem() throws Exception {
        // a map answer as typed, braces and all (browsers and curl -g send them as they are)
        String typed = raw(RestAssured.port, "/api/v1/charts/shop.json?podAnnotations={team:%20shop}");
        assertTrue(typed.startsWith("HTTP/1.1 200 "), typed);
        String encoded = given().urlEncodingEnabled(false).get("/api/v1/charts/shop.json?podAnnotations=%7Bteam:%20shop%7D")
                .then().statusCode(200).extract().header("ETag");
        assertTrue(typed.contains("\r\nETag: " + encoded + "\r\n"), "typed or encoded, the same chart (its strong ETag)");
        assertTrue(typed.contains("podAnnotations: {\\\"team\\\": \\\"shop\\\"}"), "the map is read");
        assertTrue(raw(RestAssured.port, "/api/v1/charts/shop.json?x=[1]|^`\\").contains("unknown option"), "read as a query, then refused as an answer");
        for (String target : List.of("/api/v1/charts/shop.zip?x=%zz", "/api/v1/ch{arts/shop.zip", "/api/v1/charts/sh\u0001op.zip",
                "/api/v1/options?x=a\u007f")) {
            String answer = raw(RestAssured.port, target);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), target + ": " + answer);
            assertTrue(answer.contains("\r\nContent-Type: application/problem+json\r\n"), answer);
            assertTrue(answer.contains("\"detail\":\"the request target is not a URI ("), answer);
            assertFalse(answer.contains("\u0001") || answer.contains("ch{arts") || answer.contains("Exception"), "nothing of the target is echoed: " + answer);
        }
    }

    @Test
    void queryRecipesAreCheckedToo() {
        problem(given().get("/api/v1/charts/shop.zip?image.tag=latest"), 400);
        problem(given().get("/api/v1/charts/shop.zip?chart.name=other"), 400);
        problem(given().get("/api/v1/charts/shop.zip?image.tag=1&image.tag=2"), 400);
        problem(given().get("/api/v1/charts/shop.zip?no.such=1"), 400);
    }
}
