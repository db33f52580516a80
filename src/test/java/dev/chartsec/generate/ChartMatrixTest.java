package dev.chartsec.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.chartsec.audit.PodSecurity;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.option.AnswerValidator;
import dev.chartsec.option.ChartSpec;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.testing.AnswerMatrix;
import dev.chartsec.testing.Helm;
import dev.chartsec.testing.KubeModelValidator;
import dev.chartsec.testing.Processes;
import dev.chartsec.testing.SecurityBar;
import dev.chartsec.write.DirectoryWriter;

/**
 * Every answer set of the matrix, through real Helm: lint --strict on Helm 3 (in-process) and Helm 4 (CLI),
 * rendered with an explicit namespace, every object validated against the Kubernetes model, and the
 * security bar checked on the parsed objects.
 */
class ChartMatrixTest {
    static final String NAMESPACE = "shop-ns";
    static final OptionCatalog CATALOG = OptionCatalog.standard();

    @TempDir
    Path tmp;

    static Stream<AnswerMatrix.Case> cases() {
        return AnswerMatrix.cases().stream();
    }

    static Path write(ChartFiles files, Path dir) {
        Path chart = dir.resolve(files.name());
        new DirectoryWriter().write(files, chart, false);
        return chart;
    }

    /** GitOps tools render with helm template and no secret values: every mode but chart renders so. */
    @Test
    void helmTemplateRendersWithoutSecretValuesInTheGitOpsModes() {
        for (String mode : List.of("none", "existing", "external", "chart")) {
            Map<String, Object> answers = AnswerMatrix.answers("secrets.mode", mode);
            if (!mode.equals("none")) {
                answers.put("secrets.keys", List.of("db-password"));
            }
            if (mode.equals("existing")) {
                answers.put("secrets.existingSecret", "shop-secrets");
            }
            if (mode.equals("external")) {
                answers.putAll(Map.of("secrets.external.store", "vault", "secrets.external.remoteKey", "prod/shop"));
            }
            Path chart = write(new ChartGenerator(CATALOG).generate(new AnswerValidator(CATALOG).validate(answers)), tmp.resolve(mode));
            Processes.Result r = Helm.cli("helm4", "template", "rel", chart.toString(), "-n", NAMESPACE);
            if (mode.equals("chart")) {
                assertTrue(r.exitCode() != 0 && r.output().contains("--set-file 'secrets.values.db-password=FILE'")
                        && r.output().contains("secrets.mode external or existing"), r.output());
            } else {
                assertEquals(0, r.exitCode(), mode + ": " + r.output());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void chartPassesHelmSchemaAndSecurityBar(AnswerMatrix.Case c) throws IOException {
        ChartSpec spec = new AnswerValidator(CATALOG).validate(c.answers());
        ChartFiles files = new ChartGenerator(CATALOG).generate(spec);
        Path chart = write(files, tmp);

        LintResult lint3 = Helm.lintInProcess(chart);
        assertFalse(lint3.isFailed(), () -> "helm 3 lint failed: " + lint3.getMessages());
        // an empty icon is the one lint note an answer can cost; anything else is a finding
        String allowed = spec.text("chart.icon").isEmpty() ? "[INFO] Chart.yaml: icon is recommended" : "";
        assertNoLintFindings("helm 3 (in-process)", lint3.getMessages().toString().replace(allowed, ""));

        Processes.Result lint4 = Helm.cli("helm4", "lint", "--strict", chart.toString());
        assertEquals(0, lint4.exitCode(), () -> "helm 4 lint failed:\n" + lint4.output());
        assertNoLintFindings("helm 4", lint4.output().replace(allowed, ""));

        List<String> helm4Args = new ArrayList<>(List.of("template", "rel", chart.toString(), "-n", NAMESPACE,
                "--kube-version", Helm.KUBE_VERSION));
        c.installValues().forEach((k, v) -> helm4Args.addAll(List.of("--set", k + "=" + v)));
        Processes.Result template4 = Helm.cli("helm4", helm4Args.toArray(String[]::new));
        assertEquals(0, template4.exitCode(), template4::output);
        List<Map<String, Object>> docs = Helm.documents(template4.output());
        assertTrue(docs.size() >= 3, "rendered objects: " + docs.size());

        List<String> errors = new ArrayList<>();
        for (Map<String, Object> doc : docs) {
            if (KubeModelValidator.isCustomResource(doc)) {
                // no Java model: the API server validates it against the published CRD (RealClusterIT)
                continue;
            }
            KubeModelValidator.validate(doc).forEach(e -> errors.add(doc.get("kind") + " " + e));
        }
        assertEquals(List.of(), errors, "Kubernetes model validation");
        assertEquals(List.of(), SecurityBar.check(spec, "rel", NAMESPACE, docs), "security bar");
        for (Map<String, Object> doc : docs) {
            Map<String, Object> pod = "Pod".equals(doc.get("kind")) ? doc
                    : List.of("Deployment", "StatefulSet", "Job").contains(doc.get("kind")) ? map(map(doc, "spec"), "template")
                    : "CronJob".equals(doc.get("kind")) ? map(map(map(map(doc, "spec"), "jobTemplate"), "spec"), "template") : null;
            if (pod != null) {
                assertEquals(List.of(), PodSecurity.evaluate(map(pod, "metadata"), map(pod, "spec"),
                        Level.RESTRICTED, PodSecurity.LATEST_MINOR), doc.get("kind") + " under restricted");
            }
        }

        // helm-java renders without test hooks; everything else must be the same objects as Helm 4's
        List<Map<String, Object>> docs3 = Helm.documents(Helm.templateInProcess(chart, "rel", NAMESPACE, c.installValues()));
        assertEquals(docs.stream().filter(d -> !"Pod".equals(d.get("kind"))).toList(), docs3,
                "Helm 3 (in-process) and Helm 4 render the same objects");
        assertTrue(Files.exists(chart.resolve(".chartsec/answers.yaml")));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    static void assertNoLintFindings(String helm, String output) {
        for (String level : List.of("[INFO]", "[WARNING]", "[ERROR]")) {
            assertFalse(output.contains(level), () -> helm + " lint reported a finding:\n" + output);
        }
    }
}
