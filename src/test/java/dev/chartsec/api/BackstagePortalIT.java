package dev.chartsec.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.chartsec.testing.Chartsec;
import dev.chartsec.testing.Helm;
import dev.chartsec.testing.Processes;

/**
 * The developer-portal path in a real Backstage backend (release line 1.55, installed by
 * tools/backstage/install.sh into .tools/backstage): chartsec's template from integrations/backstage, loaded
 * into the catalog; its header's modules and configuration used as they are written; the service behind the
 * Backstage proxy with API keys on; real scaffolder tasks and dry runs. Only publishing is replaced, by a
 * test action that collects the workspace.
 */
class BackstagePortalIT {
    private static final Path TEMPLATE = Chartsec.HOME.resolve("integrations/backstage/template.yaml");
    private static final Path BACKSTAGE = Helm.TOOLS.resolve("backstage");
    private static final String KEY = "portal-key-7f3a";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static Path work;
    private static Process service;
    private static Process backstage;
    private static String chartsec;
    private static String portal;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("backstage-contract");
        Files.writeString(work.resolve("keys"), KEY + "\n");
        int port = ServeIT.freePort();
        service = new ProcessBuilder(Chartsec.LAUNCHER.toString(), "serve", "--port", Integer.toString(port), "--management-port",
                Integer.toString(ServeIT.freePort()), "--api-keys-file", work.resolve("keys").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("serve.log").toFile()).start();
        chartsec = "http://127.0.0.1:" + port;
        assertEquals(401, ServeIT.firstAnswer(HTTP, URI.create(chartsec + "/api/v1/options")).statusCode(), "API keys are on");

        String template = Files.readString(TEMPLATE);
        Files.writeString(work.resolve("template-under-test.yaml"), variant(template, "chartsec-helm-chart-under-test", Map.of()));
        // the service refuses what this variant sends (a claim one node mounts, for three replicas): a reason the
        // form cannot see, as when a portal's template and the service drift apart
        Files.writeString(work.resolve("template-refused.yaml"), variant(template, "chartsec-refused",
                Map.of("persistence.enabled", "true", "persistence.accessMode", "ReadWriteOnce")));
        Files.writeString(work.resolve("header-config.yaml"), BackstageTemplate.configOf(template));
        int backstagePort = ServeIT.freePort();
        portal = "http://127.0.0.1:" + backstagePort;
        Files.writeString(work.resolve("test-config.yaml"), String.join("\n",
                "app:", "  baseUrl: http://localhost:3000",
                "backend:", "  baseUrl: " + portal, "  listen: {port: " + backstagePort + ", host: 127.0.0.1}",
                "  database: {client: better-sqlite3, connection: ':memory:'}",
                "auth:", "  environment: development", "  providers:", "    guest: {dangerouslyAllowOutsideDevelopment: true}",
                "proxy:", "  endpoints:", "    /chartsec:", "      target: " + chartsec,
                "catalog:", "  locations:",
                "    - {type: file, target: " + work.resolve("template-under-test.yaml") + "}",
                "    - {type: file, target: " + work.resolve("template-refused.yaml") + "}", ""));

        ProcessBuilder pb = new ProcessBuilder(BACKSTAGE.resolve("node/bin/node").toString(),
                Chartsec.HOME.resolve("tools/backstage/backend.js").toString(),
                "--config", work.resolve("header-config.yaml").toString(), "--config", work.resolve("test-config.yaml").toString())
                .directory(BACKSTAGE.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("backstage.log").toFile());
        pb.environment().put("NODE_PATH", BACKSTAGE.resolve("node_modules").toString());
        pb.environment().put("CHARTSEC_API_KEY", KEY);
        pb.environment().put("CHARTSEC_COLLECT_DIR", work.resolve("collected").toString());
        pb.environment().put("CHARTSEC_BACKSTAGE_MODULES", String.join(",", modulesOf(template)));
        pb.environment().put("NO_COLOR", "1");
        long started = System.nanoTime();
        backstage = pb.start();
        for (int i = 0; i < 600 && token == null; i++) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(portal + "/api/auth/guest/refresh"))
                        .header("X-Requested-With", "XMLHttpRequest").POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    token = JSON.readTree(r.body()).at("/backstageIdentity/token").asText();
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
            assertTrue(backstage.isAlive(), "Backstage stopped: " + Files.readString(work.resolve("backstage.log")));
        }
        for (String name : List.of("chartsec-helm-chart-under-test", "chartsec-refused")) {
            for (int i = 0; i < 300 && get("/api/catalog/entities/by-name/template/default/" + name).statusCode() != 200; i++) {
                Thread.sleep(100);
            }
        }
        System.out.printf("Backstage backend: signed in and templates in the catalog %.1f s after start%n", (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process p : new Process[] {backstage, service}) {
            if (p != null) {
                p.destroy();
                p.waitFor();
            }
        }
    }

    /** The template as the test runs it: publishing replaced by collecting, and the generate step's query extended. */
    @SuppressWarnings("unchecked")
    private static String variant(String template, String name, Map<String, String> extraQuery) {
        Map<String, Object> t = new Yaml().load(template);
        ((Map<String, Object>) t.get("metadata")).put("name", name);
        Map<String, Object> spec = (Map<String, Object>) t.get("spec");
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Map<String, Object> step : (List<Map<String, Object>>) spec.get("steps")) {
            if (step.get("id").equals("publish")) {
                step = new LinkedHashMap<>(Map.of("id", "publish", "name", "Collect (tests only)", "action", "chartsec:test:collect",
                        "input", Map.of("name", "${{ parameters.chart_name }}")));
            }
            if (step.get("id").equals("generate")) {
                ((Map<String, Object>) ((Map<String, Object>) step.get("input")).get("params")).putAll(extraQuery);
            }
            steps.add(step);
        }
        spec.put("steps", steps);
        spec.put("output", Map.of());
        return new Yaml().dump(t);
    }

    /** The backend modules the template's header names, in its own words: backend.add(import('NAME')). */
    private static List<String> modulesOf(String template) {
        List<String> modules = new ArrayList<>();
        Matcher m = Pattern.compile("^#\\s+backend\\.add\\(import\\('([^']+)'\\)\\);$", Pattern.MULTILINE).matcher(template);
        while (m.find()) {
            modules.add(m.group(1));
        }
        assertEquals(BackstageTemplate.MODULES, modules);
        return modules;
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(portal + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(portal + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Runs a task of the template to its end: its status and its log. */
    private static Map.Entry<String, String> run(String template, Map<String, Object> values) throws Exception {
        Map<String, Object> body = Map.of("templateRef", "template:default/" + template, "values", values);
        HttpResponse<String> created = post("/api/scaffolder/v2/tasks", body);
        assertEquals(201, created.statusCode(), created.body());
        String id = JSON.readTree(created.body()).get("id").asText();
        String status = "";
        for (int i = 0; i < 600 && !status.matches("completed|failed|cancelled"); i++) {
            Thread.sleep(100);
            status = JSON.readTree(get("/api/scaffolder/v2/tasks/" + id).body()).get("status").asText();
        }
        StringBuilder log = new StringBuilder();
        for (JsonNode event : JSON.readTree(get("/api/scaffolder/v2/tasks/" + id + "/events").body())) {
            log.append(event.at("/body/message").asText()).append('\n');
        }
        return Map.entry(status, log.toString());
    }

    /** chartsec new's files for the same answers (the form's keys are the option ids with dots as underscores). */
    private static Map<String, String> chartsecNew(Map<String, Object> values) throws IOException {
        List<String> command = new ArrayList<>(List.of(Chartsec.LAUNCHER.toString(), "new", "--no-input"));
        values.forEach((key, value) -> {
            if (!key.equals("repoUrl")) {
                command.add("--set");
                command.add(key.replace('_', '.') + "=" + value);
            }
        });
        Path dir = Files.createTempDirectory(work, "new");
        command.addAll(List.of("-o", dir.resolve("chart").toString()));
        Processes.Result r = Processes.run(command, dir, Map.of(), "", Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r.output());
        return Chartsec.tree(dir.resolve("chart"));
    }

    private static final List<Map<String, Object>> ANSWER_SETS = List.of(
            Map.of("chart_name", "shop"),
            Map.of("chart_name", "billing", "image_repository", "ghcr.io/acme/billing", "image_tag", "2.0.1", "replicaCount", 3,
                    "resources_preset", "medium", "networkPolicy_egress_postgresql_enabled", true),
            Map.of("chart_name", "edge", "chart_description", "it's \"quoted\" {{ .Values.x }} & <b>", "containerPort", 9090,
                    "image_digest", "sha256:" + "ab".repeat(32), "networkPolicy_egress_redis_enabled", true,
                    "networkPolicy_egress_externalHttps_enabled", true));

    @Test
    void tasksWriteTheFilesChartsecNewWrites() throws Exception {
        for (Map<String, Object> answers : ANSWER_SETS) {
            Map<String, Object> values = new LinkedHashMap<>(answers);
            values.put("repoUrl", "github.com?owner=acme&repo=" + answers.get("chart_name"));
            Map.Entry<String, String> task = run("chartsec-helm-chart-under-test", values);
            assertEquals("completed", task.getKey(), task.getValue());
            Path written = work.resolve("collected").resolve((String) answers.get("chart_name")).resolve("charts").resolve((String) answers.get("chart_name"));
            assertEquals(chartsecNew(answers), Chartsec.tree(written), "the portal writes chartsec new's files: " + answers);
        }
    }

    @Test
    void aDryRunGetsTheFilesToo() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>(ANSWER_SETS.get(1));
        values.put("repoUrl", "github.com?owner=acme&repo=billing");
        Object template = new Yaml().load(Files.readString(work.resolve("template-under-test.yaml")));
        HttpResponse<String> r = post("/api/scaffolder/v2/dry-run", Map.of("template", template, "values", values, "secrets", Map.of(),
                "directoryContents", List.of()));
        assertEquals(200, r.statusCode(), r.body());
        Map<String, String> files = new TreeMap<>();
        for (JsonNode f : JSON.readTree(r.body()).get("directoryContents")) {
            files.put(f.get("path").asText().replaceFirst("^charts/billing/", ""),
                    new String(Base64.getDecoder().decode(f.get("base64Content").asText()), StandardCharsets.ISO_8859_1));
        }
        assertEquals(chartsecNew(ANSWER_SETS.get(1)), files, "the template editor's dry run shows the chart");
    }

    /** What the service refuses, the portal's form refuses before any task runs. */
    @Test
    void theFormRefusesWhatTheServiceRefuses() throws Exception {
        Map<String, Object> refused = Map.of("image_tag", "latest", "containerPort", 70000, "image_repository", "GHCR.io/Acme/Shop",
                "chart_name", "Shop_1", "resources_preset", "huge", "image_digest", "md5:abc", "replicaCount", 0);
        for (Map.Entry<String, Object> value : refused.entrySet()) {
            Map<String, Object> values = new LinkedHashMap<>(Map.of("chart_name", "shop", "repoUrl", "github.com?owner=acme&repo=shop"));
            values.put(value.getKey(), value.getValue());
            HttpResponse<String> task = post("/api/scaffolder/v2/tasks", Map.of("templateRef", "template:default/chartsec-helm-chart-under-test",
                    "values", values));
            assertEquals(400, task.statusCode(), "Backstage refuses " + value + ": " + task.body());
            assertTrue(task.body().contains(value.getKey()), task.body());
            String id = value.getKey().replace('_', '.');
            String query = id.equals("chart.name") ? "" : "?" + id + "=" + java.net.URLEncoder.encode(String.valueOf(value.getValue()), StandardCharsets.UTF_8);
            String file = id.equals("chart.name") ? value.getValue() + ".json" : "shop.json";
            HttpResponse<String> direct = HTTP.send(HttpRequest.newBuilder(URI.create(chartsec + "/api/v1/charts/" + file + query))
                    .header("X-API-Key", KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(direct.statusCode() == 400 || direct.statusCode() == 404, "and so does the service: " + value + " " + direct.body());
        }
    }

    @Test
    void aRefusalReachesThePortalUserWithItsFieldMessages() throws Exception {
        Map.Entry<String, String> task = run("chartsec-refused", Map.of("chart_name", "shop", "replicaCount", 3,
                "repoUrl", "github.com?owner=acme&repo=shop"));
        assertEquals("failed", task.getKey(), task.getValue());
        assertTrue(task.getValue().contains("persistence.accessMode") && task.getValue().contains("cannot be mounted by the Deployment's 3 replicas"),
                "the task log shows chartsec's field message: " + task.getValue());
    }

    /** The command the README prints to refresh the template gives the committed file. */
    @Test
    void theCommittedTemplateIsTheCommandsOutput() throws IOException {
        Processes.Result r = Processes.run(List.of(Chartsec.LAUNCHER.toString(), "backstage-template"), work, Map.of(), "", Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(Files.readString(TEMPLATE), r.stdout(), "integrations/backstage/template.yaml is `chartsec backstage-template`'s output");
    }
}
