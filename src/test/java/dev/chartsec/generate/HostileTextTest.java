package dev.chartsec.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.chartsec.option.AnswerValidator;
import dev.chartsec.option.ChartSpec;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.testing.AnswerMatrix;
import dev.chartsec.testing.Helm;
import dev.chartsec.testing.Processes;

/**
 * Hostile text in every free-text field comes back from Helm as the same value, and adds no key, no object
 * and no template: the chart's templates and schema are byte-identical to those of the default chart.
 */
class HostileTextTest {
    static final OptionCatalog CATALOG = OptionCatalog.standard();
    static ChartFiles reference;
    static List<Map<String, Object>> referenceDocs;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void referenceChart() {
        reference = generate(AnswerMatrix.answers());
        referenceDocs = render(ChartMatrixTest.write(reference, tmp.resolve("reference")));
    }

    static Stream<String> hostile() {
        return AnswerMatrix.HOSTILE.stream();
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileTextStaysAValue(String text) {
        String maintainer = text.length() <= 256 ? text : "Ada";
        ChartFiles files = generate(AnswerMatrix.answers("chart.description", text,
                "chart.maintainers", List.of(Map.of("name", maintainer)), "env", Map.of("GREETING", text)));

        reference.files().forEach((path, content) -> {
            if (path.startsWith("templates/") || path.equals("values.schema.json") || path.equals(".helmignore")) {
                assertEquals(content, files.get(path), path + " must not change with user text");
            }
        });

        Map<String, Object> chartYaml = yaml(files.get("Chart.yaml"));
        assertEquals(text, chartYaml.get("description"));
        assertEquals(List.of(Map.of("name", maintainer)), chartYaml.get("maintainers"));
        Set<String> chartKeys = new TreeSet<>(yaml(reference.get("Chart.yaml")).keySet());
        chartKeys.add("maintainers");
        assertEquals(chartKeys, new TreeSet<>(chartYaml.keySet()), "Chart.yaml keys");

        Map<String, Object> values = yaml(files.get("values.yaml"));
        assertEquals(yaml(reference.get("values.yaml")).keySet(), values.keySet(), "values.yaml keys");
        assertEquals(Map.of("GREETING", text), values.get("env"));

        Map<String, Object> answers = yaml(files.get(".chartsec/answers.yaml"));
        assertEquals(text, answers.get("chart.description"));

        List<Map<String, Object>> docs = render(ChartMatrixTest.write(files, tmp.resolve("c" + Math.abs(text.hashCode()))));
        assertEquals(kinds(referenceDocs), kinds(docs), "the same objects");
        Object env = container(docs).get("env");
        assertEquals(List.of(Map.of("name", "GREETING", "value", text)), env, "env value reaches the pod unchanged");

        assertFalse(files.get("README.md").contains("{{"), "README carries no template syntax unescaped");
        assertFalse(files.get("README.md").contains("<script") || files.get("README.md").lines().anyMatch(l -> l.startsWith("# not")),
                "README carries no markup from user text");
    }

    static ChartFiles generate(Map<String, Object> answers) {
        ChartSpec spec = new AnswerValidator(CATALOG).validate(answers);
        return new ChartGenerator(CATALOG).generate(spec);
    }

    static List<Map<String, Object>> render(Path chart) {
        Processes.Result run = Helm.cli("helm4", "template", "rel", chart.toString(), "-n", "ns", "--kube-version", Helm.KUBE_VERSION);
        assertEquals(0, run.exitCode(), run::output);
        return Helm.documents(run.output());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> container(List<Map<String, Object>> docs) {
        Map<String, Object> d = docs.stream().filter(x -> "Deployment".equals(x.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) d.get("spec")).get("template")).get("spec");
        return ((List<Map<String, Object>>) pod.get("containers")).get(0);
    }

    static List<String> kinds(List<Map<String, Object>> docs) {
        List<String> kinds = new ArrayList<>();
        docs.forEach(d -> kinds.add(d.get("kind") + "/" + ((Map<?, ?>) d.get("metadata")).get("name")));
        return kinds;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options)).load(text);
    }
}
