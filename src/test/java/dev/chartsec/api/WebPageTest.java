package dev.chartsec.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.chartsec.option.OptionCatalog;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The web page and the query preview over real HTTP, held to the contract; the browser's part is WebPageIT. */
@QuarkusTest
class WebPageTest {
    @BeforeAll
    static void contract() {
        RestAssured.replaceFiltersWith(ChartApiTest.CONTRACT);
    }

    private static String page(String query) {
        return given().urlEncodingEnabled(false).accept("text/html,application/xhtml+xml,*/*;q=0.8").get("/" + query).then().statusCode(200)
                .contentType(containsString("text/html")).header("Vary", "Accept")
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Content-Type-Options", "nosniff").extract().asString();
    }

    @Test
    void aBrowserGetsTheFormMadeFromTheCatalog() {
        String html = page("");
        Matcher ids = Pattern.compile("<div class=\"field\" data-id=\"([^\"]+)\"").matcher(html);
        java.util.List<String> fields = new java.util.ArrayList<>();
        while (ids.find()) {
            fields.add(ids.group(1));
        }
        assertEquals(OptionCatalog.standard().options().stream().map(o -> o.id()).sorted().toList(), fields.stream().sorted().toList(),
                "one field an option");
        assertFalse(html.contains("<script>") || Pattern.compile("<[^>]*\\son[a-z]+=").matcher(html).find(),
                "no inline script or handler: the policy forbids them");
        assertTrue(html.contains("<script src=\"web/app.js\" defer></script>"));
    }

    @Test
    void curlStillGetsTheHelp() {
        given().accept("*/*").get("/").then().statusCode(200).contentType(containsString("text/plain")).header("Vary", "Accept")
                .body(containsString("curl -fsS"));
        given().accept("text/plain, text/html;q=0.5").get("/").then().statusCode(200).contentType(containsString("text/plain"));
    }

    @Test
    void aSharedLinksValuesFillTheFormEscaped() {
        String html = page("?chart.name=shop&chart.description=%3C%2Ftextarea%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E&replicaCount=3"
                + "&%3Cimg%20src%3Dx%3E=1");
        assertTrue(html.contains("value=\"&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;\""), "a value is text, never markup");
        assertFalse(html.contains("<script>alert") || html.contains("<img src=x>"), "no user text becomes markup");
        assertTrue(html.contains("data-id=\"replicaCount\" data-default=\"2\""), "a changed field keeps its default for the page");
    }

    @Test
    void theQueryPreviewHasTheDiagramAndTheCommands() {
        given().urlEncodingEnabled(false).accept("application/json").header("Host", "evil.example.com:1")
                .get("/api/v1/charts/preview?replicaCount=3&chart.name=shop&podAnnotations=note%3Dit%27s%20fine")
                .then().statusCode(200)
                .body("diagram", containsString("flowchart"))
                .body("commands.chartsecNew", equalTo("chartsec new --no-input --set chart.name=shop --set replicaCount=3"
                        + " --set 'podAnnotations=note=it'\\''s fine'"))
                .body("commands.curl", org.hamcrest.Matchers.matchesPattern(Pattern.quote("curl -fsS 'http://localhost:") + "[0-9]+"
                        + Pattern.quote("/api/v1/charts/shop.zip?replicaCount=3&podAnnotations=note%3Dit%27s%20fine' -o shop.zip")));
        given().get("/api/v1/charts/preview?chart.name=shop&image.tag=latest").then().statusCode(400)
                .body("violations[0].option", equalTo("image.tag"));
    }

    @Test
    void assetsAreServedByTheServiceItself() {
        for (Map.Entry<String, String> asset : Map.of("app.js", "text/javascript", "app.css", "text/css", "mermaid.min.js", "text/javascript",
                "mermaid-LICENSE.txt", "text/plain").entrySet()) {
            String etag = given().get("/web/" + asset.getKey()).then().statusCode(200).contentType(containsString(asset.getValue()))
                    .header("X-Content-Type-Options", "nosniff").extract().header("ETag");
            given().header("If-None-Match", etag).get("/web/" + asset.getKey()).then().statusCode(304);
        }
        given().get("/web/mermaid-LICENSE.txt").then().body(containsString("MIT"));
    }
}
