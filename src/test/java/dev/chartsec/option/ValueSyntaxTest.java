package dev.chartsec.option;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One syntax for values in every input form, and messages in the user's terms. */
class ValueSyntaxTest {
    static final OptionCatalog CATALOG = OptionCatalog.standard();

    @TempDir
    Path tmp;

    static List<Violation> fromFlags(String... sets) {
        List<Violation> problems = new ArrayList<>();
        return validated(new FlagValues(CATALOG).parse(List.of(sets), problems), problems);
    }

    static List<Violation> fromFile(String yaml) {
        List<Violation> problems = new ArrayList<>();
        return validated(new AnswersFile(CATALOG).parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "answers.yaml",
                problems), problems);
    }

    /** The reading's problems, else the validator's, for a chart named shop with these answers. */
    static List<Violation> validated(Map<String, Object> read, List<Violation> problems) {
        Map<String, Object> answers = new LinkedHashMap<>(Map.of("chart.name", "shop"));
        answers.putAll(read);
        if (problems.isEmpty()) {
            try {
                new AnswerValidator(CATALOG).validate(answers);
            } catch (InvalidAnswersException e) {
                problems.addAll(e.violations());
            }
        }
        return problems;
    }

    @ParameterizedTest
    @ValueSource(strings = {"010", "0x10", "0o7", "1_000", "+3", "1:30"})
    void aNumberInAnotherFormIsRefusedTheSameWayEverywhere(String spelled) {
        List<Violation> flag = fromFlags("replicaCount=" + spelled);
        List<Violation> file = fromFile("workload:\n  replicas: " + spelled + "\n");
        for (List<Violation> v : List.of(flag, file)) {
            assertEquals(1, v.size(), spelled + ": " + v);
            assertTrue(v.get(0).message().contains("not a plain decimal number"), v.get(0).message());
        }
    }

    @Test
    void plainDecimalIsTheSameNumberEverywhere() {
        assertEquals(List.of(), fromFlags("replicaCount=10"));
        assertEquals(List.of(), fromFile("replicaCount: 10\n"));
        assertEquals(10L, new FlagValues(CATALOG).value("replicaCount", "10", new ArrayList<>()));
    }

    @Test
    void aHugeNumberIsOutOfRangeNotOfAnotherKind() {
        List<Violation> v = fromFile("replicaCount: 99999999999999999999999\n");
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).message().contains("is out of range"), v.get(0).message());
        assertFalse(v.get(0).message().contains("not a whole number"), v.get(0).message());
    }

    @Test
    void keyValueIsSplitAndTrimmedOneWay() {
        assertEquals(Map.entry("LOG_LEVEL", "debug"), ValueSyntax.keyValue(" LOG_LEVEL = debug ").orElseThrow());
        assertEquals(Map.entry("A", "b=c"), ValueSyntax.keyValue("A=b=c").orElseThrow());
        assertTrue(ValueSyntax.keyValue("=x").isEmpty());
        assertTrue(ValueSyntax.keyValue("  =x").isEmpty());
        assertTrue(ValueSyntax.keyValue("novalue").isEmpty());
        Object env = new FlagValues(CATALOG).value("env", "LOG_LEVEL= debug", new ArrayList<>());
        assertEquals(Map.of("LOG_LEVEL", "debug"), env);
    }

    @Test
    void yamlTypesThatAreNoAnswersAreNamedNotPrintedAsJavaObjects() {
        for (String yaml : List.of("image.tag: !!binary aGVsbG8=\n", "image.tag: !!set {a, b}\n", "image.tag: !!timestamp 2001-12-14\n")) {
            List<Violation> v = fromFile(yaml);
            assertEquals(1, v.size(), yaml + v);
            String m = v.get(0).message();
            assertTrue(m.contains("does not read"), m);
            assertFalse(m.contains("[B@") || m.contains("Set") || m.contains("Date") || m.contains("java."), m);
        }
        assertEquals(List.of(), fromFile("image.tag: 2001-12-14\n"), "an untagged date is text");
    }

    @Test
    void unreadableAnswersFilesAreDescribedInWords() throws Exception {
        List<Violation> dir = new ArrayList<>();
        new AnswersFile(CATALOG).read(Files.createDirectories(tmp.resolve("d")), dir);
        assertEquals("--answers: is a directory, not a file (given: '" + tmp.resolve("d") + "'); allowed: a readable YAML file",
                dir.get(0).message());
        List<Violation> missing = new ArrayList<>();
        new AnswersFile(CATALOG).read(tmp.resolve("nope.yaml"), missing);
        assertTrue(missing.get(0).message().contains("does not exist"), missing.get(0).message());
        List<Violation> latin1 = new ArrayList<>();
        new AnswersFile(CATALOG).read(Files.write(tmp.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xe9, '\n'}), latin1);
        assertTrue(latin1.get(0).message().contains("is not UTF-8 text"), latin1.get(0).message());
        for (Violation v : List.of(dir.get(0), missing.get(0), latin1.get(0))) {
            assertFalse(v.message().contains("Exception") || v.message().contains("java."), v.message());
        }
    }
}
