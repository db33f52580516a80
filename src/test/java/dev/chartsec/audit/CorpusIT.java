package dev.chartsec.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.chartsec.testing.Chartsec;
import dev.chartsec.testing.Processes;

/**
 * `chartsec audit` on real public charts (src/test/resources/corpus: rendered manifests with their licences),
 * held to the findings a reader of each chart expects: every error finding exactly (id, object, field), and the
 * listed warnings at least.
 */
class CorpusIT {
    static final Path CORPUS = Chartsec.HOME.resolve("src/test/resources/corpus");

    static List<Path> charts() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachRealChartGetsTheFindingsItsReaderExpects() throws IOException {
        List<Path> charts = charts();
        assertTrue(charts.size() >= 9, "the corpus: " + charts);
        List<String> args = new ArrayList<>(List.of("--format", "json"));
        charts.forEach(c -> args.add(c.resolve("manifest.yaml").toString()));
        long started = System.nanoTime();
        Processes.Result r = AuditIT.audit(CORPUS, "", args.toArray(String[]::new));
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(3, r.exitCode(), "findings at or above --fail-on (error), so exit 3: " + r.stderr());
        List<Map<String, Object>> results = AuditIT.json(r.stdout());
        assertEquals(charts.size(), results.size());
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < charts.size(); i++) {
            Map<String, Object> expected = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(Files.readString(charts.get(i).resolve("expected.yaml")));
            List<String> errors = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            for (Map<String, Object> f : (List<Map<String, Object>>) results.get(i).get("findings")) {
                // "Deployment/x (ns)" is the object; the expectations name it as Kind/name
                String object = ((String) f.get("object")).replaceAll(" \\[hook: .*]$", "").replaceAll(" \\(.*\\)$", "");
                String line = f.get("id") + " " + object + " " + f.get("path");
                (f.get("severity").equals("error") ? errors : warnings).add(line);
            }
            String chart = charts.get(i).getFileName().toString();
            List<String> wantErrors = new ArrayList<>((List<String>) expected.get("errors"));
            errors.sort(null);
            wantErrors.sort(null);
            if (!errors.equals(wantErrors)) {
                problems.add(chart + ": errors\n  found    " + errors + "\n  expected " + wantErrors);
            }
            for (String want : (List<String>) expected.get("warnings")) {
                if (warnings.stream().noneMatch(w -> w.equals(want) || w.startsWith(want + " "))) {
                    problems.add(chart + ": missing warning " + want);
                }
            }
        }
        System.out.printf("corpus: %d charts audited in %.2f s (one process, start-up included)%n", charts.size(), seconds);
        assertEquals(List.of(), problems, String.join("\n", problems));
    }
}
