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
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.chartsec.testing.Chartsec;

/**
 * Every upstream Pod Security Admission test pod in shared/pss-fixtures gets the verdict of its folder,
 * at its level and policy version, as a bare Pod and as a Deployment's pod template.
 */
class PodSecurityFixturesTest {
    static final Path FIXTURES = Chartsec.HOME.normalize().getParent().resolve("shared/pss-fixtures");

    @Test
    @SuppressWarnings("unchecked")
    void everyFixtureGetsTheVerdictOfItsFolder() throws IOException {
        assertTrue(Files.isDirectory(FIXTURES), FIXTURES + " is missing");
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(FIXTURES)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : files) {
            Path rel = FIXTURES.relativize(file);
            PodSecurity.Level level = PodSecurity.Level.valueOf(rel.getName(0).toString().toUpperCase(Locale.ROOT));
            int minor = Integer.parseInt(rel.getName(1).toString().substring("v1.".length()));
            boolean shouldPass = rel.getName(2).toString().equals("pass");
            Map<String, Object> pod = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            Map<String, Object> metadata = (Map<String, Object>) pod.get("metadata");
            Map<String, Object> spec = (Map<String, Object>) pod.get("spec");
            List<PodSecurity.Failure> failures = PodSecurity.evaluate(metadata, spec, level, minor);
            if (failures.isEmpty() != shouldPass) {
                wrong.add(rel + " -> " + (failures.isEmpty() ? "passed" : failures));
            }
            // the same pod wrapped in a Deployment, audited as a rendered object: the same verdict
            Map<String, Object> deployment = Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                    "metadata", Map.of("name", "wrapped"),
                    "spec", Map.of("template", Map.of("metadata", metadata, "spec", spec)));
            boolean wrappedPasses = new Auditor(level, minor, false).audit(List.of(deployment)).isEmpty();
            if (wrappedPasses != shouldPass) {
                wrong.add(rel + " in a Deployment -> " + (wrappedPasses ? "passed" : "failed"));
            }
            checked++;
        }
        assertTrue(checked > 3900, "fixtures read: " + checked);
        assertEquals(List.of(), wrong, wrong.size() + " of " + checked + " fixtures got the wrong verdict");
    }
}
