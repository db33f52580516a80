package dev.chartsec.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With API keys configured, every /api/ call needs one; health and help stay open. */
@QuarkusTest
@TestProfile(ApiKeyTest.WithKeys.class)
class ApiKeyTest {
    public static class WithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chartsec.api-keys", "portal-key-1,portal-key-2");
        }
    }

    @org.junit.jupiter.api.BeforeAll
    static void contract() {
        io.restassured.RestAssured.replaceFiltersWith(ChartApiTest.CONTRACT);
    }

    // the management root, http://127.0.0.1:PORT/q/
    @io.quarkus.test.common.http.TestHTTPResource(value = "", management = true)
    java.net.URL management;

    @Test
    void keysAreRequiredOnTheApi() {
        given().get("/api/v1/options").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"));
        given().header("X-API-Key", "wrong").get("/api/v1/options").then().statusCode(401);
        given().header("X-API-Key", "portal-key-2").get("/api/v1/options").then().statusCode(200);
        given().header("Authorization", "Bearer portal-key-1").contentType("application/json")
                .body("{\"chart.name\": \"shop\"}").post("/api/v1/charts").then().statusCode(200);
        given().noFilters().get(management + "health/ready").then().statusCode(200);
        given().get("/").then().statusCode(200);
    }
}
