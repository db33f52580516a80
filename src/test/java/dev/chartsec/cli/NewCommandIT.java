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

import dev.chartsec.testing.Chartsec;
import dev.chartsec.testing.Processes;


/** `chartsec new` as users run it: the packaged launcher, bin/chartsec, in a separate process. */
class NewCommandIT {
    @TempDir
    Path tmp;

    Processes.Result launch(String... args) {
        return Chartsec.run(tmp, "", args);
    }

    @Test
    void writesTheChartWithDefaults() {
        Path dir = tmp.resolve("shop");
        Processes.Result r = launch("new", "shop", "--defaults", "-o", dir.toString());
        assertEquals(0, r.exitCode(), r::stderr);
        assertTrue(r.stdout().contains("Wrote chart shop"), r.stdout());
        for (String f : new String[] {"Chart.yaml", "values.yaml", "values.schema.json", ".helmignore", "README.md",
                ".chartsec/answers.yaml", "templates/workload.yaml", "templates/tests/test-connection.yaml"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
    }

    @Test
    void invalidInputListsEveryProblemAndWritesNothing() {
        Path dir = tmp.resolve("bad");
        Processes.Result r = launch("new", "Bad_Name", "--no-input", "--set", "image.tag=latest", "--set", "replicaCount=0",
                "--set", "no.such=1", "-o", dir.toString());
        assertEquals(2, r.exitCode());
        String err = r.stderr();
        assertTrue(err.contains("4 invalid answer(s)"), err);
        for (String id : new String[] {"chart.name:", "image.tag:", "replicaCount:", "no.such:"}) {
            assertTrue(err.contains(id), id + " in " + err);
        }
        assertFalse(Files.exists(dir));
        assertFalse(err.contains("Exception"), "no stack trace: " + err);
    }

    @Test
    void malformedAnswersFileIsInvalidInput() throws IOException {
        Path answers = tmp.resolve("answers.yaml");
        Files.writeString(answers, "chart.name: shop\nchart.name: twice\n");
        Processes.Result r = launch("new", "--answers", answers.toString(), "-o", tmp.resolve("x").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("--answers") && r.stderr().contains("duplicate key"), r.stderr());
    }

    @Test
    void refusesANonEmptyDestinationUnlessForced() throws IOException {
        Path dir = tmp.resolve("taken");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("mine.txt"), "keep me");
        Processes.Result refused = launch("new", "shop", "--defaults", "-o", dir.toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.stderr().contains("not empty"), refused.stderr());
        assertEquals(1, list(dir).size(), "nothing written");

        Processes.Result forced = launch("new", "shop", "--defaults", "-o", dir.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced::stderr);
        assertEquals("keep me", Files.readString(dir.resolve("mine.txt")), "files the chart does not name are kept");
        assertTrue(Files.exists(dir.resolve("Chart.yaml")));
    }

    @Test
    void answersFileRegeneratesIdenticalFiles() throws IOException {
        Path first = tmp.resolve("first");
        Processes.Result r1 = launch("new", "shop", "--no-input", "-o", first.toString(),
                "--set", "image.repository=ghcr.io/acme/shop", "--set", "image.tag=2.1.0",
                "--set", "secrets.mode=existing", "--set", "secrets.existingSecret=shop-db", "--set", "secrets.keys=password",
                "--set", "networkPolicy.enabled=false", "--set", "networkPolicy.sameNamespace=true",
                "--set", "ingress.enabled=true", "--set", "ingress.host=shop.example.com", "--set", "ingress.tlsSecret=tls",
                "--set", "env={GREETING: \"hi: there\\n{{ .Values }}\"}",
                "--set", "rbac.rules=[{apiGroups: [''], resources: [configmaps], verbs: [get]}]", "--set", "apiAccess.enabled=true");
        assertEquals(0, r1.exitCode(), r1::stderr);
        Path second = tmp.resolve("second");
        Processes.Result r2 = launch("new", "--answers", first.resolve(".chartsec/answers.yaml").toString(), "-o", second.toString());
        assertEquals(0, r2.exitCode(), r2::stderr);
        assertEquals(tree(first), tree(second));

        Processes.Result r3 = launch("new", "--answers", first.resolve(".chartsec/answers.yaml").toString(),
                "-o", first.toString(), "--force");
        assertEquals(0, r3.exitCode(), r3::stderr);
        assertEquals(tree(second), tree(first), "regenerating in place changes nothing");
    }

    @Test
    void anUnwritableDestinationIsAnErrorWithoutATrace() throws IOException {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        Processes.Result r = launch("new", "shop", "--defaults", "-o", file.resolve("chart").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("cannot write the chart"), r.stderr());
        assertFalse(r.stderr().contains("\tat "), r.stderr());
    }

    @Test
    void optionsAndHelp() {
        Processes.Result options = launch("options");
        assertEquals(0, options.exitCode());
        assertTrue(options.stdout().contains("image.tag") && options.stdout().contains("rbac.rules"));
        for (String[] args : new String[][] {{"--help"}, {"new", "--help"}, {"options", "--help"}, {"--version"}}) {
            Processes.Result help = launch(args);
            assertEquals(0, help.exitCode(), String.join(" ", args));
            assertTrue(help.stdout().contains("chartsec"), help.stdout());
        }
        assertEquals(2, launch("new", "--no-such-flag").exitCode());
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
