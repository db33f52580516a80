package dev.chartsec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

@QuarkusMainTest
class NewCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheChartWithDefaults(QuarkusMainLauncher launcher) {
        Path dir = tmp.resolve("shop");
        LaunchResult r = launcher.launch("new", "shop", "--defaults", "-o", dir.toString());
        assertEquals(0, r.exitCode(), r::getErrorOutput);
        assertTrue(r.getOutput().contains("Wrote chart shop"), r.getOutput());
        for (String f : new String[] {"Chart.yaml", "values.yaml", "values.schema.json", ".helmignore", "README.md",
                ".chartsec/answers.yaml", "templates/deployment.yaml", "templates/tests/test-connection.yaml"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
    }

    @Test
    void invalidInputListsEveryProblemAndWritesNothing(QuarkusMainLauncher launcher) {
        Path dir = tmp.resolve("bad");
        LaunchResult r = launcher.launch("new", "Bad_Name", "--no-input", "--set", "image.tag=latest", "--set", "workload.replicas=0",
                "--set", "no.such=1", "-o", dir.toString());
        assertEquals(2, r.exitCode());
        String err = r.getErrorOutput();
        assertTrue(err.contains("4 invalid answer(s)"), err);
        for (String id : new String[] {"chart.name:", "image.tag:", "workload.replicas:", "no.such:"}) {
            assertTrue(err.contains(id), id + " in " + err);
        }
        assertFalse(Files.exists(dir));
        assertFalse(err.contains("Exception"), "no stack trace: " + err);
    }

    @Test
    void malformedAnswersFileIsInvalidInput(QuarkusMainLauncher launcher) throws IOException {
        Path answers = tmp.resolve("answers.yaml");
        Files.writeString(answers, "chart.name: shop\nchart.name: twice\n");
        LaunchResult r = launcher.launch("new", "--answers", answers.toString(), "-o", tmp.resolve("x").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.getErrorOutput().contains("--answers") && r.getErrorOutput().contains("duplicate key"), r.getErrorOutput());
    }

    @Test
    void refusesANonEmptyDestinationUnlessForced(QuarkusMainLauncher launcher) throws IOException {
        Path dir = tmp.resolve("taken");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("mine.txt"), "keep me");
        LaunchResult refused = launcher.launch("new", "shop", "--defaults", "-o", dir.toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.getErrorOutput().contains("not empty"), refused.getErrorOutput());
        assertEquals(1, list(dir).size(), "nothing written");

        LaunchResult forced = launcher.launch("new", "shop", "--defaults", "-o", dir.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced::getErrorOutput);
        assertEquals("keep me", Files.readString(dir.resolve("mine.txt")), "files the chart does not name are kept");
        assertTrue(Files.exists(dir.resolve("Chart.yaml")));
    }

    @Test
    void answersFileRegeneratesIdenticalFiles(QuarkusMainLauncher launcher) throws IOException {
        Path first = tmp.resolve("first");
        LaunchResult r1 = launcher.launch("new", "shop", "--no-input", "-o", first.toString(),
                "--set", "image.repository=ghcr.io/acme/shop", "--set", "image.tag=2.1.0",
                "--set", "secrets.mode=existing", "--set", "secrets.existingSecret=shop-db", "--set", "secrets.keys=password",
                "--set", "networkPolicy.enabled=false", "--set", "networkPolicy.sameNamespace=true",
                "--set", "ingress.enabled=true", "--set", "ingress.host=shop.example.com", "--set", "ingress.tlsSecret=tls",
                "--set", "workload.env={GREETING: \"hi: there\\n{{ .Values }}\"}",
                "--set", "rbac.rules=[{apiGroups: [''], resources: [configmaps], verbs: [get]}]", "--set", "security.apiAccess=true");
        assertEquals(0, r1.exitCode(), r1::getErrorOutput);
        Path second = tmp.resolve("second");
        LaunchResult r2 = launcher.launch("new", "--answers", first.resolve(".chartsec/answers.yaml").toString(), "-o", second.toString());
        assertEquals(0, r2.exitCode(), r2::getErrorOutput);
        assertEquals(tree(first), tree(second));

        LaunchResult r3 = launcher.launch("new", "--answers", first.resolve(".chartsec/answers.yaml").toString(),
                "-o", first.toString(), "--force");
        assertEquals(0, r3.exitCode(), r3::getErrorOutput);
        assertEquals(tree(second), tree(first), "regenerating in place changes nothing");
    }

    @Test
    void anUnwritableDestinationIsAnErrorWithoutATrace(QuarkusMainLauncher launcher) throws IOException {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        LaunchResult r = launcher.launch("new", "shop", "--defaults", "-o", file.resolve("chart").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.getErrorOutput().contains("cannot write the chart"), r.getErrorOutput());
        assertFalse(r.getErrorOutput().contains("\tat "), r.getErrorOutput());
    }

    @Test
    void optionsAndHelp(QuarkusMainLauncher launcher) {
        LaunchResult options = launcher.launch("options");
        assertEquals(0, options.exitCode());
        assertTrue(options.getOutput().contains("image.tag") && options.getOutput().contains("rbac.rules"));
        for (String[] args : new String[][] {{"--help"}, {"new", "--help"}, {"options", "--help"}, {"--version"}}) {
            LaunchResult help = launcher.launch(args);
            assertEquals(0, help.exitCode(), String.join(" ", args));
            assertTrue(help.getOutput().contains("chartsec"), help.getOutput());
        }
        assertEquals(2, launcher.launch("new", "--no-such-flag").exitCode());
    }

    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }

    static java.util.List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
