package dev.chartsec.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.chartsec.audit.pss.Failure;
import dev.chartsec.audit.pss.InvalidObject;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.testing.PssOracle;

/**
 * chartsec's Pod Security engine against the upstream evaluator (the admission controller's own code), on
 * seeded pods near every rule boundary ({@link PodGenerator}), read from the same YAML text by both: for
 * each pod, both levels at every version from v1.0 to the newest plus "latest", the failing check ids must
 * be the same, in the same order, and a pod one refuses to decode the other must refuse too.
 *
 * <p>The README's test command compares {@value #DEFAULT_PODS} pods ({@value #DEFAULT_PODS} x 78 verdicts);
 * {@code bench/pss-differential.sh} runs a million verdicts through the same test.
 */
class PodSecurityDifferentialTest {
    static final int DEFAULT_PODS = 1500;

    @Test
    void chartsecGivesTheUpstreamEvaluatorsVerdicts() throws IOException {
        int pods = Integer.getInteger("chartsec.pss.pods", DEFAULT_PODS);
        long seed = Long.getLong("chartsec.pss.seed", 20261130L);
        List<PssOracle.Evaluation> evaluations = new ArrayList<>();
        List<Level> levels = new ArrayList<>();
        List<Integer> minors = new ArrayList<>();
        for (Level level : Level.values()) {
            for (int minor = 0; minor <= PodSecurity.LATEST_MINOR + 1; minor++) {
                boolean latest = minor > PodSecurity.LATEST_MINOR;
                evaluations.add(new PssOracle.Evaluation(level.id(), latest ? "latest" : "v1." + minor));
                levels.add(level);
                minors.add(latest ? PodSecurity.LATEST_MINOR : minor);
            }
        }
        PodGenerator generator = new PodGenerator(seed);
        List<String> differences = new ArrayList<>();
        Map<String, Integer> failingIds = new TreeMap<>();
        int verdicts = 0;
        int invalid = 0;
        long chartsecNanos = 0;
        try (PssOracle oracle = new PssOracle()) {
            for (int i = 0; i < pods; i++) {
                String yaml = PodGenerator.yaml(generator.pod());
                PssOracle.Verdicts upstream = oracle.evaluate(yaml, evaluations);
                long start = System.nanoTime();
                List<List<String>> ours = new ArrayList<>();
                String ourInvalid = null;
                try {
                    Map<String, Object> pod = Targets.parse("pod " + i, yaml).get(0);
                    for (int e = 0; e < evaluations.size(); e++) {
                        ours.add(PodSecurity.evaluate(pod.get("metadata"), pod.get("spec"), levels.get(e), minors.get(e))
                                .stream().map(Failure::check).toList());
                    }
                } catch (InvalidObject | Targets.BadTarget e) {
                    ourInvalid = e.getMessage();
                }
                chartsecNanos += System.nanoTime() - start;
                verdicts += evaluations.size();
                if ((upstream.invalid() == null) != (ourInvalid == null)) {
                    differences.add("pod " + i + ": upstream " + (upstream.invalid() == null ? "decodes it" : "refuses it: " + upstream.invalid())
                            + "; chartsec " + (ourInvalid == null ? "decodes it" : "refuses it: " + ourInvalid) + "\n" + yaml);
                    continue;
                }
                if (ourInvalid != null) {
                    invalid++;
                    continue;
                }
                for (int e = 0; e < evaluations.size(); e++) {
                    upstream.failed().get(e).forEach(id -> failingIds.merge(id, 1, Integer::sum));
                    if (!upstream.failed().get(e).equals(ours.get(e))) {
                        differences.add("pod " + i + " at " + evaluations.get(e) + ": upstream " + upstream.failed().get(e)
                                + ", chartsec " + ours.get(e) + "\n" + yaml);
                        break;
                    }
                }
            }
        }
        System.out.printf("pss differential: %d pods, %d verdicts, %d pods refused by both, %d differences, chartsec %.1f ms per 1,000 verdicts%n",
                pods, verdicts, invalid, differences.size(), chartsecNanos / 1e6 / verdicts * 1000);
        System.out.println("pss differential: failing checks seen " + failingIds);
        assertTrue(verdicts >= 20_000, "verdicts compared: " + verdicts);
        assertTrue(failingIds.keySet().containsAll(PodSecurity.REGISTRY.checks().stream().map(c -> c.id()).toList()),
                "every check failed at least once: " + failingIds.keySet());
        assertTrue(invalid > 0, "some pods are refused by both readers");
        assertEquals(List.of(), differences.stream().limit(5).toList(), differences.size() + " pods judged differently");
    }

    @Test
    void theRegistryIsUpstreamsRegistry() throws Exception {
        List<String> upstream = PssOracle.checks().stream()
                .map(c -> c.get("id").asText() + " " + c.get("level").asText() + " " + c.get("versions")).sorted().toList();
        List<String> ours = PodSecurity.REGISTRY.checks().stream()
                .map(c -> c.id() + " " + c.level().id() + " " + c.versions().stream().map(v -> "\"v1." + v.minor() + "\"").toList()
                        .toString().replace(" ", ""))
                .sorted().toList();
        assertEquals(upstream, ours);
    }
}
