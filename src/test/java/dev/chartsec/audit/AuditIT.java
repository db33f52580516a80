package dev.chartsec.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.chartsec.generate.ChartFiles;
import dev.chartsec.generate.ChartGenerator;
import dev.chartsec.option.AnswerValidator;
import dev.chartsec.option.ChartSpec;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.testing.AnswerMatrix;
import dev.chartsec.testing.Chartsec;
import dev.chartsec.testing.Helm;
import dev.chartsec.testing.Processes;
import dev.chartsec.write.DirectoryWriter;

/** `chartsec audit` through the packaged launcher: chartsec's charts, `helm create`'s, and bad input. */
class AuditIT {
    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> json(String text) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    static Processes.Result audit(Path dir, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(Chartsec.LAUNCHER.toString(), "audit"));
        command.addAll(List.of(args));
        return Processes.run(command, dir, Map.of(), stdin, Duration.ofMinutes(5));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMatrixChartAuditsWithoutErrorsAtItsLevelInOneProcess() {
        OptionCatalog catalog = OptionCatalog.standard();
        Map<String, ChartSpec> specs = new LinkedHashMap<>();
        List<String> args = new ArrayList<>();
        for (AnswerMatrix.Case c : AnswerMatrix.cases()) {
            if (!c.installValues().isEmpty()) {
                continue; // chart-made secrets need their values at install time
            }
            ChartSpec spec = new AnswerValidator(catalog).validate(c.answers());
            ChartFiles files = new ChartGenerator(catalog).generate(spec);
            Path dir = tmp.resolve(c.name());
            new DirectoryWriter().write(files, dir, false);
            specs.put(dir.toString(), spec);
            args.add(dir.toString());
        }
        args.addAll(List.of("-n", "shop", "--format", "json", "--fail-on", "error"));
        Processes.Result r = audit(tmp, "", args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.stderr());
        List<Map<String, Object>> results = json(r.stdout());
        assertEquals(specs.size(), results.size(), "one entry per target");
        for (Map<String, Object> result : results) {
            List<Map<String, Object>> findings = (List<Map<String, Object>>) result.get("findings");
            ChartSpec spec = specs.get(result.get("target"));
            for (Map<String, Object> f : findings) {
                assertTrue(!"error".equals(f.get("severity")), result.get("target") + ": " + f);
            }
            if (result.get("target").toString().endsWith("/defaults")) {
                assertEquals(List.of("CS004"), findings.stream().map(f -> f.get("id")).toList(),
                        "the default chart: only the note that no digest was given");
            }
            assertTrue(spec != null);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void extraObjectsAreHeldToTheSameStandard() throws Exception {
        OptionCatalog catalog = OptionCatalog.standard();
        // a debugging pod as users paste it: root, no seccomp profile, privilege escalation allowed
        String pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n"
                + "    - name: shell\n      image: busybox:1.37\n      securityContext:\n        runAsUser: 0\n";
        Path chart = tmp.resolve("extra");
        new DirectoryWriter().write(new ChartGenerator(catalog).generate(new AnswerValidator(catalog).validate(
                AnswerMatrix.answers("extraObjects", List.of(pod)))), chart, false);
        Processes.Result r = audit(tmp, "", chart.toString(), "-n", "shop", "--format", "json");
        assertEquals(3, r.exitCode(), r.stderr());
        Set<String> ids = new HashSet<>();
        for (Map<String, Object> f : (List<Map<String, Object>>) json(r.stdout()).get(0).get("findings")) {
            if (String.valueOf(f.get("object")).contains("debug")) {
                ids.add((String) f.get("id"));
            }
        }
        assertTrue(ids.containsAll(List.of("PSS-runAsUser", "PSS-allowPrivilegeEscalation", "PSS-seccompProfile_restricted")), ids.toString());
        // the same pod, the chart without it: clean
        Path clean = tmp.resolve("clean");
        new DirectoryWriter().write(new ChartGenerator(catalog).generate(new AnswerValidator(catalog).validate(
                AnswerMatrix.answers("extraObjects", List.of("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"x\"}}")))),
                clean, false);
        assertEquals(0, audit(tmp, "", clean.toString(), "-n", "shop", "--fail-on", "error").exitCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void helmCreateChartsShowTheirKnownFindings() throws Exception {
        for (String helm : List.of("helm3", "helm4")) {
            Path chart = tmp.resolve(helm + "-chart");
            assertEquals(0, Helm.cli(helm, "create", chart.toString()).exitCode());
            Processes.Result r = audit(tmp, "", chart.toString(), "-n", "shop", "--format", "json");
            assertEquals(3, r.exitCode(), r.stderr());
            Set<String> ids = new HashSet<>();
            for (Map<String, Object> f : (List<Map<String, Object>>) json(r.stdout()).get(0).get("findings")) {
                ids.add((String) f.get("id"));
            }
            assertTrue(ids.containsAll(List.of("PSS-runAsNonRoot", "PSS-allowPrivilegeEscalation", "PSS-capabilities_restricted",
                    "PSS-seccompProfile_restricted", "CS001", "CS002", "CS007", "CS010")), helm + ": " + ids);

            // the test pod is a hook: render it with the Helm CLI and pipe it in
            Processes.Result rendered = Helm.cli(helm, "template", "rel", chart.toString(), "-n", "shop");
            Processes.Result piped = audit(tmp, rendered.stdout(), "-", "--format", "json");
            assertEquals(3, piped.exitCode());
            Set<String> onTestPod = new HashSet<>();
            for (Map<String, Object> f : (List<Map<String, Object>>) json(piped.stdout()).get(0).get("findings")) {
                if (String.valueOf(f.get("object")).startsWith("Pod/rel-" + helm + "-chart-test-connection")) {
                    onTestPod.add((String) f.get("id"));
                }
            }
            assertTrue(onTestPod.containsAll(List.of("PSS-runAsNonRoot", "PSS-allowPrivilegeEscalation", "CS003")),
                    helm + " test pod: " + onTestPod);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void sarifAndTable() throws Exception {
        Path chart = tmp.resolve("helm-chart");
        assertEquals(0, Helm.cli("helm4", "create", chart.toString()).exitCode());
        Processes.Result sarif = audit(tmp, "", chart.toString(), "--format", "sarif");
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(sarif.stdout());
        assertEquals("2.1.0", doc.get("version"));
        List<Map<String, Object>> runs = (List<Map<String, Object>>) doc.get("runs");
        assertTrue(((List<?>) runs.get(0).get("results")).size() >= 10);
        Processes.Result table = audit(tmp, "", chart.toString());
        assertTrue(table.stdout().contains("PSS-runAsNonRoot") && table.stdout().contains("fix: "), table.stdout());
        assertEquals(0, audit(tmp, "", chart.toString(), "--checks", "pss", "--level", "baseline").exitCode(),
                "helm create's pods meet baseline");
    }

    @Test
    @SuppressWarnings("unchecked")
    void packagesFoldersValuesAndSets() throws Exception {
        OptionCatalog catalog = OptionCatalog.standard();
        ChartFiles files = new ChartGenerator(catalog).generate(new AnswerValidator(catalog).validate(AnswerMatrix.answers()));
        Path chart = tmp.resolve("shop");
        new DirectoryWriter().write(files, chart, false);
        assertEquals(0, Helm.cli("helm4", "package", chart.toString(), "-d", tmp.resolve("pkg").toString()).exitCode());
        Processes.Result packaged = audit(tmp, "", "pkg/shop-0.1.0.tgz", "-n", "shop", "--format", "json");
        assertEquals(0, packaged.exitCode(), packaged.stderr());
        assertEquals("pkg/shop-0.1.0.tgz", json(packaged.stdout()).get(0).get("target"));

        Files.createDirectories(tmp.resolve("rendered"));
        Files.writeString(tmp.resolve("rendered/a.yaml"), Helm.cli("helm4", "template", "rel", chart.toString(), "-n", "shop").stdout());
        Files.writeString(tmp.resolve("rendered/b.yml"), Helm.cli("helm4", "template", "rel", chart.toString(), "-n", "shop",
                "--set", "replicaCount=3", "--set", "availability.podDisruptionBudget=false").stdout());
        Files.writeString(tmp.resolve("rendered/notes.txt"), "not a manifest");
        List<Map<String, Object>> folder = json(audit(tmp, "", "rendered", "--format", "json").stdout());
        assertEquals(List.of("rendered/a.yaml", "rendered/b.yml"), folder.stream().map(r -> r.get("target")).toList());
        assertTrue(((List<Map<String, Object>>) folder.get(1).get("findings")).stream().anyMatch(f -> "CS013".equals(f.get("id"))),
                "three replicas and no PDB");

        Files.writeString(tmp.resolve("values.yaml"), "replicaCount: 3\navailability:\n  antiAffinity: false\n");
        Processes.Result withValues = audit(tmp, "", chart.toString(), "-n", "shop", "-f", "values.yaml", "--format", "json");
        assertTrue(withValues.stdout().contains("no pod anti-affinity"), withValues.stdout());
        Processes.Result withSet = audit(tmp, "", chart.toString(), "-n", "shop", "--set", "networkPolicy.enabled=false", "--format", "json");
        assertEquals(3, withSet.exitCode());
        assertTrue(withSet.stdout().contains("\"CS010\""), withSet.stdout());
    }

    @Test
    @SuppressWarnings("unchecked")
    void chartsAreRenderedOfflineWithTheirHooksAsHelmTemplateDoes() throws Exception {
        Path chart = tmp.resolve("hooked");
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: hooked\nversion: 0.1.0\n");
        Files.writeString(chart.resolve("templates/job.yaml"), """
                {{- $s := lookup "v1" "Secret" .Release.Namespace "credentials" }}
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: {{ .Release.Name }}-migrate-{{ len $s }}
                  annotations: {"helm.sh/hook": pre-install}
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: migrate, image: "migrate:1", securityContext: {privileged: true}}]
                {{- if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: {{ .Release.Name }}-exporter}
                spec:
                  hostPID: true
                  containers: [{name: exporter, image: "exporter:1"}]
                {{- end }}
                """);
        // a cluster the user's kubeconfig names: the audit must never connect to it
        try (java.net.ServerSocket cluster = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            cluster.setSoTimeout(1);
            Files.writeString(tmp.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: \"https://127.0.0.1:"
                    + cluster.getLocalPort() + "\"}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\n"
                    + "users: [{name: u, user: {token: t}}]\n");
            Map<String, String> env = Map.of("CHARTSEC_HELM", Helm.TOOLS.resolve("helm4").toString(), "KUBECONFIG", tmp.resolve("kubeconfig").toString());
            Processes.Result r = Processes.run(List.of(Chartsec.LAUNCHER.toString(), "audit", chart.toString(), "--checks", "pss",
                    "--release-name", "shop", "--api-versions", "monitoring.coreos.com/v1", "--format", "json"), tmp, env, "", Duration.ofMinutes(2));
            assertEquals(3, r.exitCode(), r.stderr());
            List<Map<String, Object>> findings = (List<Map<String, Object>>) json(r.stdout()).get(0).get("findings");
            List<String> seen = findings.stream().map(f -> f.get("id") + " " + f.get("object")).toList();
            assertTrue(seen.contains("PSS-privileged Job/shop-migrate-0 [hook: pre-install]"), seen.toString());
            assertTrue(seen.contains("PSS-hostNamespaces Pod/shop-exporter"), "--api-versions reaches the chart: " + seen);
            assertEquals("", r.stderr(), "rendered by the Helm CLI: nothing left out");
            boolean contacted;
            try (java.net.Socket s = cluster.accept()) {
                contacted = true;
            } catch (java.net.SocketTimeoutException none) {
                contacted = false;
            }
            assertFalse(contacted, "the audit connected to the cluster");
        }
        // without a Helm CLI the chart is rendered in-process from a copy whose lookups return nothing (the
        // hook is left out, and the note says so) ...
        Map<String, String> noHelm = Map.of("PATH", "/usr/bin:/bin", "CHARTSEC_HELM", "");
        Files.writeString(chart.resolve("templates/pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-app-{{ len (lookup \"v1\" \"Secret\" \"\" \"x\") }}\n"
                + "spec: {hostIPC: true, containers: [{name: app, image: \"app:1\"}]}\n");
        Processes.Result inProcess = Processes.run(List.of(Chartsec.LAUNCHER.toString(), "audit", chart.toString(), "--checks", "pss",
                "--format", "json"), tmp, noHelm, "", Duration.ofMinutes(2));
        assertEquals(3, inProcess.exitCode(), inProcess.stderr());
        assertTrue(inProcess.stdout().contains("Pod/release-name-app-0"), "lookup found nothing, as in helm template: " + inProcess.stdout());
        // ... and so is its package
        assertEquals(0, Helm.cli("helm4", "package", chart.toString(), "-d", tmp.toString()).exitCode());
        Processes.Result packaged = Processes.run(List.of(Chartsec.LAUNCHER.toString(), "audit", tmp.resolve("hooked-0.1.0.tgz").toString(),
                "--checks", "pss", "--format", "json"), tmp, noHelm, "", Duration.ofMinutes(2));
        assertEquals(3, packaged.exitCode(), packaged.stderr());
        assertTrue(packaged.stdout().contains("Pod/release-name-app-0"), packaged.stdout());
        assertTrue(inProcess.stderr().contains("without hooks or tests"), inProcess.stderr());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTargetThatFailsIsReportedBesideTheOthers() throws Exception {
        Files.writeString(tmp.resolve("good.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
        Files.writeString(tmp.resolve("broken.yaml"), "kind: Pod\nmetadata: {name: [\n");
        Processes.Result json = audit(tmp, "", "good.yaml", "broken.yaml", "missing.yaml", "--format", "json");
        assertEquals(2, json.exitCode(), "a target could not be audited");
        List<Map<String, Object>> entries = json(json.stdout());
        assertEquals(List.of("good.yaml", "broken.yaml", "missing.yaml"), entries.stream().map(e -> e.get("target")).toList());
        assertEquals(null, entries.get(0).get("error"));
        assertTrue(String.valueOf(entries.get(1).get("error")).contains("malformed YAML"), entries.toString());
        assertTrue(String.valueOf(entries.get(2).get("error")).contains("no such file"), entries.toString());
        Processes.Result sarif = audit(tmp, "", "good.yaml", "broken.yaml", "--format", "sarif");
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(sarif.stdout());
        Map<String, Object> invocation = ((List<Map<String, Object>>) ((List<Map<String, Object>>) doc.get("runs")).get(0).get("invocations")).get(0);
        assertEquals(false, invocation.get("executionSuccessful"));
        assertEquals(1, ((List<?>) invocation.get("toolExecutionNotifications")).size());
        Processes.Result table = audit(tmp, "", "good.yaml", "broken.yaml");
        assertTrue(table.stdout().contains("good.yaml: 0 finding(s)") && table.stdout().contains("broken.yaml: not audited: "), table.stdout());
    }

    @Test
    void badInputIsExit2WithAClearMessageAndNoTrace() throws Exception {
        Files.writeString(tmp.resolve("broken.yaml"), "kind: Pod\nmetadata: {name: [\n");
        Processes.Result malformed = audit(tmp, "", "broken.yaml");
        assertEquals(2, malformed.exitCode());
        assertTrue(malformed.stderr().contains("broken.yaml: malformed YAML"), malformed.stderr());

        Path chart = tmp.resolve("bad-chart");
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: bad-chart\nversion: 0.1.0\n");
        Files.writeString(chart.resolve("templates/x.yaml"), "{{ fail \"nope\" }}\n");
        Processes.Result unrenderable = audit(tmp, "", chart.toString());
        assertEquals(2, unrenderable.exitCode());
        assertTrue(unrenderable.stderr().contains("does not render"), unrenderable.stderr());

        Processes.Result unknown = audit(tmp, "---\n\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\n", "-");
        assertEquals(0, unknown.exitCode(), "empty documents and unknown kinds are fine: " + unknown.stderr());

        Processes.Result notObject = audit(tmp, "- just\n- a list\n", "-");
        assertEquals(2, notObject.exitCode());

        Processes.Result options = audit(tmp, "", "x.yaml", "--level", "strict", "--policy-version", "v2.0", "--format", "xml");
        assertEquals(2, options.exitCode());
        assertTrue(options.stderr().contains("--level") && options.stderr().contains("--policy-version") && options.stderr().contains("--format"));

        Processes.Result empty = audit(tmp, "", "-");
        assertEquals(2, empty.exitCode(), "an empty input is never a pass");
        assertTrue(empty.stderr().contains("no Kubernetes objects"), empty.stderr());

        Path noObjects = tmp.resolve("no-objects");
        Files.createDirectories(noObjects.resolve("templates"));
        Files.writeString(noObjects.resolve("Chart.yaml"), "apiVersion: v2\nname: no-objects\nversion: 0.1.0\n");
        Files.writeString(noObjects.resolve("templates/x.yaml"), "{{- if false }}\nkind: Pod\n{{- end }}\n");
        Processes.Result renderedNothing = audit(tmp, "", noObjects.toString());
        assertEquals(2, renderedNothing.exitCode(), renderedNothing.stderr());
        assertTrue(renderedNothing.stderr().contains("no Kubernetes objects"), renderedNothing.stderr());

        Processes.Result zeros = Processes.run(List.of("bash", "-c", "head -c 40000000 /dev/zero | " + Chartsec.LAUNCHER + " audit -"),
                tmp, Map.of(), "", Duration.ofMinutes(2));
        assertEquals(2, zeros.exitCode(), zeros.stderr());
        assertTrue(zeros.stderr().contains("larger than 32 MiB"), zeros.stderr());

        // another platform: no library of the wrong platform loaded, nothing fetched, a clear way round
        Processes.Result otherPlatform = Processes.run(List.of(Chartsec.LAUNCHER.toString(), "audit", noObjects.toString()), tmp,
                Map.of("JAVA_TOOL_OPTIONS", "-Dos.name=Mac -Dos.arch=aarch64"), "", Duration.ofMinutes(2));
        assertEquals(2, otherPlatform.exitCode(), otherPlatform.stderr());
        assertTrue(otherPlatform.stderr().contains("darwin/arm64") && otherPlatform.stderr().contains("| chartsec audit -"),
                otherPlatform.stderr());

        for (Processes.Result r : List.of(malformed, unrenderable, notObject, options, empty, renderedNothing, zeros, otherPlatform)) {
            assertTrue(!r.stderr().contains("Exception") && !r.stderr().contains("\tat "), r.stderr());
        }
    }
}
