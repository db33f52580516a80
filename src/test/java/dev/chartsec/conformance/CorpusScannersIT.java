package dev.chartsec.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.chartsec.testing.Chartsec;
import dev.chartsec.testing.Processes;

/**
 * Trivy and Checkov on the audit corpus (real public charts), against chartsec's audit of the same files: each
 * serious finding of theirs is reported by chartsec on the same object (by the rules conformance/corpus-coverage.yaml
 * maps the check to), or is out of scope there with the reason.
 */
class CorpusScannersIT {
    static final Path CORPUS = Chartsec.HOME.resolve("src/test/resources/corpus");
    static final Path COVERAGE = Chartsec.HOME.resolve("conformance/corpus-coverage.yaml");
    static final Path WORK = Chartsec.HOME.resolve("target/corpus-scan");
    static final Set<String> SERIOUS = Set.of("CRITICAL", "HIGH");

    @Test
    @SuppressWarnings("unchecked")
    void everySeriousScannerFindingIsFoundByChartsecOrOutOfScope() throws IOException {
        ConformanceIT.deleteTree(WORK);
        Files.createDirectories(WORK);
        List<String> charts;
        try (Stream<Path> s = Files.list(CORPUS)) {
            charts = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> args = new ArrayList<>(List.of(Chartsec.LAUNCHER.toString(), "audit", "--format", "json"));
        for (String chart : charts) {
            Files.copy(CORPUS.resolve(chart).resolve("manifest.yaml"), WORK.resolve(chart + ".yaml"));
            args.add(WORK.resolve(chart + ".yaml").toString());
        }
        Processes.Result audit = Processes.run(args, WORK, Map.of(), "", Duration.ofMinutes(5));
        List<Map<String, Object>> results = new Yaml(new SafeConstructor(new LoaderOptions())).load(audit.stdout());
        // chartsec's rules on each object of each file: "chart.yaml" -> "Kind/name" -> rule ids
        Map<String, Map<String, Set<String>>> chartsec = new HashMap<>();
        for (int i = 0; i < charts.size(); i++) {
            Map<String, Set<String>> byObject = chartsec.computeIfAbsent(charts.get(i) + ".yaml", k -> new HashMap<>());
            for (Map<String, Object> f : (List<Map<String, Object>>) results.get(i).get("findings")) {
                String object = ((String) f.get("object")).replaceAll(" \\[hook: .*]$", "").replaceAll(" \\(.*\\)$", "");
                byObject.computeIfAbsent(object, k -> new HashSet<>()).add((String) f.get("id"));
            }
        }

        // a scanner may report a binding where chartsec reports the role it binds
        Map<String, String> bindings = new HashMap<>();
        for (String chart : charts) {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(WORK.resolve(chart + ".yaml")))) {
                if (doc instanceof Map<?, ?> d && String.valueOf(d.get("kind")).endsWith("Binding") && d.get("roleRef") instanceof Map<?, ?> ref) {
                    bindings.put(d.get("kind") + "/" + ((Map<?, ?>) d.get("metadata")).get("name"), ref.get("kind") + "/" + ref.get("name"));
                }
            }
        }
        Map<String, Object> coverage = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(COVERAGE));
        Map<String, Object> exceptions = (Map<String, Object>) coverage.get("exceptions");
        List<String> problems = new ArrayList<>();
        Set<String> usedExceptions = new HashSet<>();
        Map<String, Integer> tally = new TreeMap<>();

        Map<String, List<Finding>> trivy = new LinkedHashMap<>();
        Scanners.trivy(WORK).forEach((file, findings) -> trivy.put(file, findings.stream()
                .filter(f -> SERIOUS.contains(f.message().split(" ")[0])).toList()));
        Map<String, List<Finding>> checkov = Scanners.checkov(WORK).failed();
        for (Map.Entry<String, Map<String, List<Finding>>> scanner : Map.of("trivy", trivy, "checkov", checkov).entrySet()) {
            Map<String, Object> map = (Map<String, Object>) coverage.get(scanner.getKey());
            scanner.getValue().forEach((file, findings) -> {
                Map<String, Set<String>> ours = chartsec.getOrDefault(file, Map.of());
                for (Finding f : findings) {
                    String object = scanner.getKey().equals("checkov") ? checkovObject(f.object(), ours.keySet()) : f.object();
                    Object rules = map.get(f.check());
                    String key = scanner.getKey() + " " + f.check() + " " + object;
                    if (rules == null) {
                        problems.add(key + " (" + f.message() + "): the check is not in corpus-coverage.yaml");
                    } else if (rules instanceof String) {
                        tally.merge(scanner.getKey() + " out of scope", 1, Integer::sum);
                    } else if (Stream.of(object, bindings.get(object)).anyMatch(o -> ours.getOrDefault(o, Set.of()).stream()
                            .anyMatch(((List<String>) rules)::contains))) {
                        tally.merge(scanner.getKey() + " found by chartsec", 1, Integer::sum);
                    } else if (exceptions.containsKey(key)) {
                        usedExceptions.add(key);
                        tally.merge(scanner.getKey() + " excepted", 1, Integer::sum);
                    } else {
                        problems.add(key + " in " + file + " (" + f.message() + "): chartsec reports none of " + rules
                                + " there (it has " + ours.getOrDefault(object, Set.of()) + ")");
                    }
                }
            });
        }
        for (String unused : exceptions.keySet()) {
            if (!usedExceptions.contains(unused)) {
                problems.add("exception no finding needs any more: " + unused);
            }
        }
        System.out.println("corpus against trivy and checkov: " + tally);
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    /**
     * Checkov names objects Kind.namespace.name (Kind.name when cluster-scoped), and the pods of a workload
     * Pod.namespace.name.labels...: the chartsec object of that kind (any workload kind for a pod) and name.
     */
    static String checkovObject(String resource, Set<String> objects) {
        String kind = resource.substring(0, resource.indexOf('.'));
        for (String o : objects) {
            String name = o.substring(o.indexOf('/') + 1);
            boolean sameKind = o.startsWith(kind + "/") || kind.equals("Pod") && !o.startsWith("Cluster") && !o.startsWith("Role");
            if (sameKind && (resource.endsWith("." + name) || kind.equals("Pod") && resource.contains("." + name + "."))) {
                return o;
            }
        }
        String[] parts = resource.split("\\.", 3);
        return kind + "/" + parts[parts.length - 1];
    }
}
