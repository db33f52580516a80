package dev.chartsec.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.chartsec.audit.pss.Failure;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.testing.PssOracle;

/**
 * Every upstream Pod Security Admission test pod (test/testdata of the pinned k8s.io/pod-security-admission
 * module, v1.0 to its newest version, copied into .tools by the build) gets the verdict of its folder at its
 * level and version, fails the check its file is named after (a fixture may fail a companion check too: a
 * Windows host process also uses the host network), and gets exactly the same check ids as the upstream
 * evaluator; as a bare Pod and wrapped in a Deployment.
 */
class PodSecurityFixturesTest {
    static final Path FIXTURES = PssOracle.HOME.resolve("testdata");

    /**
     * At restricted, upstream replaces these baseline checks by stricter ones from the given version on (read
     * from upstream's check_*.go, not from chartsec's registry): a fixture named after the baseline check
     * fails the replacing one there.
     */
    static String expectedId(String named, Level level, int minor) {
        if (level == Level.BASELINE) {
            return named;
        }
        return switch (named) {
            case "capabilities_baseline" -> minor >= 22 ? "capabilities_restricted" : named;
            case "seccompProfile_baseline" -> minor >= 19 ? "seccompProfile_restricted" : named;
            case "hostPathVolumes" -> "restrictedVolumes";
            case "procMount" -> minor >= 35 ? "procMount_restricted" : named;
            default -> named;
        };
    }

    @Test
    void everyFixtureFailsItsCheckAsUpstreamSays() throws IOException {
        assertTrue(Files.isDirectory(FIXTURES), FIXTURES + " is missing (tools/pss-oracle/build.sh makes it)");
        List<String> wrong = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(FIXTURES)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        int checked = 0;
        int newest = 0;
        try (PssOracle oracle = new PssOracle()) {
            for (Path file : files) {
                Path rel = FIXTURES.relativize(file);
                Level level = Level.valueOf(rel.getName(0).toString().toUpperCase(Locale.ROOT));
                String version = rel.getName(1).toString();
                int minor = Integer.parseInt(version.substring("v1.".length()));
                newest = Math.max(newest, minor);
                boolean shouldPass = rel.getName(2).toString().equals("pass");
                String yaml = Files.readString(file);
                Map<String, Object> pod = Targets.parse(rel.toString(), yaml).get(0);
                List<String> ids = PodSecurity.evaluate(pod.get("metadata"), pod.get("spec"), level, minor).stream()
                        .map(Failure::check).toList();
                String named = rel.getFileName().toString().replaceAll("\\d*\\.yaml$", "");
                String wanted = expectedId(upstreamId(named), level, minor);
                if (shouldPass ? !ids.isEmpty() : !ids.contains(wanted)) {
                    wrong.add(rel + " -> " + ids + (shouldPass ? ", expected none" : ", expected " + wanted + " among them"));
                }
                PssOracle.Verdicts upstream = oracle.evaluate(yaml, List.of(new PssOracle.Evaluation(level.id(), version)));
                if (upstream.invalid() != null || !upstream.failed().get(0).equals(ids)) {
                    wrong.add(rel + " -> " + ids + ", upstream evaluator " + upstream);
                }
                Map<String, Object> deployment = Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                        "metadata", Map.of("name", "wrapped"), "spec", Map.of("template",
                                Map.of("metadata", pod.getOrDefault("metadata", Map.of()), "spec", pod.get("spec"))));
                List<String> wrapped = new Auditor(level, minor, false).audit(List.of(deployment)).stream()
                        .map(f -> f.id().substring("PSS-".length())).toList();
                if (!wrapped.equals(ids)) {
                    wrong.add(rel + " in a Deployment -> " + wrapped + ", as a Pod " + ids);
                }
                checked++;
            }
        }
        assertTrue(checked > 4500, "fixtures read: " + checked);
        assertEquals(PodSecurity.LATEST_MINOR, newest, "the newest fixture version is the registry's latest");
        assertEquals(List.of(), wrong, wrong.size() + " of " + checked + " fixtures got another verdict");
    }

    /** File names are lower-cased check ids; the registry's ids are upstream's spelling. */
    private static String upstreamId(String lowerCased) {
        return PodSecurity.REGISTRY.checks().stream().map(c -> c.id())
                .filter(id -> id.toLowerCase(Locale.ROOT).equals(lowerCased)).findFirst().orElse(lowerCased);
    }
}
