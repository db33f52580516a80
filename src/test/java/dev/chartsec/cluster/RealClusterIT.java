package dev.chartsec.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.chartsec.generate.ChartFiles;
import dev.chartsec.generate.ChartGenerator;
import dev.chartsec.option.AnswerValidator;
import dev.chartsec.option.ChartSpec;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.option.InvalidAnswersException;
import dev.chartsec.testing.AnswerMatrix;
import dev.chartsec.testing.Cyclonus;
import dev.chartsec.testing.KubeCluster;
import dev.chartsec.testing.TrafficModel;
import dev.chartsec.write.DirectoryWriter;

/**
 * Every variant of the matrix installed on a real control plane (kube-apiserver with Pod Security admission at
 * restricted, kube-controller-manager, etcd) with the Helm 4 CLI, by the command the chart's README prints;
 * the traffic its NetworkPolicies allow computed by cyclonus and compared with what the answers ask for; then
 * upgraded and uninstalled. A sample goes through Helm 3 too, and `helm create`'s chart is the negative control.
 */
class RealClusterIT {
    static final OptionCatalog CATALOG = OptionCatalog.standard();
    /** The release and namespace the chart README's commands name; the namespace is replaced by each variant's own. */
    static final String RELEASE = "my-release";
    static final String README_NAMESPACE = "my-namespace";
    static final AtomicInteger NAMESPACES = new AtomicInteger();
    static final Map<String, Integer> FIGURES = new LinkedHashMap<>();
    static KubeCluster cluster;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        cluster = KubeCluster.shared();
        System.out.printf("control plane ready in %.1f s%n", cluster.startup().toMillis() / 1000.0);
    }

    @AfterAll
    static void figures() {
        System.out.println("real cluster figures: " + FIGURES);
    }

    static Stream<AnswerMatrix.Case> cases() {
        return AnswerMatrix.cases().stream();
    }

    static Stream<AnswerMatrix.Case> helm3Sample() {
        return AnswerMatrix.cases().stream().filter(c -> List.of("defaults", "chart-secret", "external-secret", "namespace", "everything-on").contains(c.name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void installsWithHelm4(AnswerMatrix.Case c) throws IOException {
        assertInstalls("helm4", c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("helm3Sample")
    void installsWithHelm3(AnswerMatrix.Case c) throws IOException {
        assertInstalls("helm3", c);
    }

    void assertInstalls(String helm, AnswerMatrix.Case c) throws IOException {
        Install install = new Install(cluster, helm, tmp, c);
        List<String> problems = install.run();
        assertEquals(List.of(), problems, install.log());
    }

    static synchronized void count(String figure, int n) {
        FIGURES.merge(figure, n, Integer::sum);
    }

    static Path generate(ChartSpec spec, Path dir) {
        ChartFiles files = new ChartGenerator(CATALOG).generate(spec);
        Path chart = dir.resolve(files.name());
        new DirectoryWriter().write(files, chart, false);
        return chart;
    }

    static ChartSpec spec(AnswerMatrix.Case c) {
        return new AnswerValidator(CATALOG).validate(c.answers());
    }

    static String namespaceFor(String helm) {
        return helm + "-v" + NAMESPACES.incrementAndGet();
    }

    @Test
    void helmCreateChartIsRejectedByTheSameChecks() {
        String ns = namespaceFor("create");
        var created = cluster.helm("helm4", "create", tmp.resolve("plain").toString());
        assertEquals(0, created.exitCode(), created.output());
        var installed = cluster.helm("helm4", "install", "plain", tmp.resolve("plain").toString(), "-n", ns, "--create-namespace");
        assertEquals(0, installed.exitCode(), "Helm reports deployed even when no pod may run: " + installed.output());
        List<String> problems = Install.podsCreated(cluster, ns, "app.kubernetes.io/instance=plain", 1);
        assertFalse(problems.isEmpty(), "helm create's pods violate restricted and must be refused");
        assertTrue(problems.toString().contains("PodSecurity") || problems.toString().contains("violates"), problems.toString());
        cluster.kubectl("", "delete", "namespace", ns, "--wait=false");
    }

    /**
     * chartsec's schedule rule against the API server's own (the CronJob validation that parses schedules with
     * robfig/cron): every sample is accepted by both or refused by both.
     */
    @ParameterizedTest
    @ValueSource(strings = {"0 3 * * *", "*/15 * * * *", "30 4 * * 1-5", "0 0 1 JAN,JUL ?", "5-55/10 8-18 ? * MON-FRI", "0 0 * * 7",
        "@daily", "@hourly", "@yearly", "0 0 29 2 *", "61 * * * *", "0 24 * * *", "0 0 0 * *", "0 0 * 13 *", "0 0 * * 8", "* * * *",
        "* * * * * *", "@every 5m", "@reboot", "5-1 * * * *", "*/0 * * * *", "0 0 * * SUN-SAT", "0 0 L * *", "0 0 * * 1#2", "0 0 ? ? ?",
        "0 0 1-31/2 * *", "1,2,,3 * * * *", "TZ=UTC 0 3 * * *", "@every 1h30m", "@every 5", ",,, * * * *", "0 0 * * mon"})
    void cronSchedulesAreJudgedLikeTheApiServer(String schedule) {
        boolean chartsec = true;
        try {
            new AnswerValidator(OptionCatalog.standard()).validate(AnswerMatrix.answers("kind", "CronJob", "cronJob.schedule", schedule));
        } catch (InvalidAnswersException e) {
            chartsec = false;
        }
        String cronJob = """
                {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "schedule"}, "spec": {"schedule": "%s",
                 "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox:1.36"}]}}}}}}
                """.formatted(schedule);
        boolean server = cluster.kubectl(cronJob, "create", "--dry-run=server", "-n", "default", "-f", "-").exitCode() == 0;
        assertEquals(server, chartsec, "'" + schedule + "': the API server " + (server ? "accepts" : "refuses") + " it");
    }

    @Test
    void aRemovedAllowRuleIsCaught() throws IOException {
        AnswerMatrix.Case c = AnswerMatrix.cases().get(0);
        List<String> problems = new Install(cluster, "helm4", tmp, c, chart -> replace(chart.resolve("templates/networkpolicy.yaml"),
                "{{- if $np.ingressController.enabled }}", "{{- if false }}")).run();
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("traffic ingress controller -> app")), problems.toString());
    }

    @Test
    void aDroppedSecurityContextFieldIsCaught() throws IOException {
        AnswerMatrix.Case c = AnswerMatrix.cases().get(0);
        List<String> problems = new Install(cluster, "helm4", tmp, c, chart -> replace(chart.resolve("templates/_helpers.tpl"),
                "allowPrivilegeEscalation: false\n", "")).run();
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("FailedCreate") && p.contains("allowPrivilegeEscalation")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("test pod refused")), problems.toString());
    }

    /** Each custom resource the chart may write, broken as a hand edit would break it, with what the server says. */
    static Stream<Arguments> brokenCustomResources() {
        return Stream.of(
                Arguments.of("external-secret", "externalsecret.yaml", "  refreshInterval:", "  refreshIntervall:", "refreshIntervall"),
                Arguments.of("http-route", "httproute.yaml", "type: PathPrefix", "type: Prefix", "Prefix"),
                Arguments.of("http-route", "httproute.yaml", "  parentRefs:", "  parentRef:", "parentRef"),
                Arguments.of("cert-manager-certificate", "certificate.yaml", "algorithm: ECDSA", "algorithm: DSA", "DSA"),
                Arguments.of("metrics-service-monitor", "monitor.yaml", "      scheme: http", "      scheme: gopher", "gopher"),
                Arguments.of("metrics-pod-monitor", "monitor.yaml", "      interval:", "      intervall:", "intervall"));
    }

    @ParameterizedTest
    @MethodSource("brokenCustomResources")
    void aBrokenCustomResourceIsRefusedByItsPublishedSchema(String variant, String template, String text, String with, String named)
            throws IOException {
        AnswerMatrix.Case c = AnswerMatrix.named(variant);
        List<String> problems = new Install(cluster, "helm4", tmp, c, chart -> replace(chart.resolve("templates/" + template), text, with)).run();
        // Helm 4's server-side apply refuses it at install; Install's strict dry run would for Helm 3
        assertTrue(problems.stream().anyMatch(p -> p.contains(named) && (p.contains("not declared in schema")
                || p.contains("Unsupported value") || p.contains("should match") || p.contains("strict") || p.contains("Invalid value"))),
                problems.toString());
    }

    static void replace(Path file, String text, String with) {
        try {
            String s = Files.readString(file);
            assertTrue(s.contains(text), file + " has no " + text);
            Files.writeString(file, s.replace(text, with));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Boolean> verdicts(List<Map<String, Object>> policies, TrafficModel model, Path work) {
        return Cyclonus.allowed(policies, model.flows(), work);
    }

    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static List<String> lines(String s) {
        return s.isBlank() ? List.of() : new ArrayList<>(List.of(s.strip().split("\n")));
    }
}
