package dev.chartsec.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.chartsec.generate.ChartFiles;

class DirectoryWriterTest {
    @TempDir
    Path tmp;

    @Test
    void aFailureHalfwayLeavesNothing() throws IOException {
        // "a" is a file, then "a/b" needs "a" to be a directory: the second write fails
        ChartFiles clash = new ChartFiles("x", new TreeMap<>(Map.of("a", "file", "a/b", "nested", "0-first", "ok")));
        Path dir = tmp.resolve("out");
        assertThrows(RuntimeException.class, () -> new DirectoryWriter().write(clash, dir, false));
        assertFalse(Files.exists(dir));
        assertEquals(List.of(), children(tmp), "no staging directory left behind");
    }

    @Test
    void unsafePathsAreRefusedBeforeWriting() {
        for (String bad : List.of("../escape", "/abs", "a/../../b", "a\\b", "./x", "")) {
            assertThrows(IllegalArgumentException.class, () -> new ChartFiles("x", new TreeMap<>(Map.of(bad, "x"))), bad);
        }
    }

    @Test
    void interruptedWithCtrlCLeavesNothing() throws Exception {
        Path dir = tmp.resolve("chart");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SlowWrite.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (children(tmp).stream().noneMatch(c -> c.getFileName().toString().startsWith(".chartsec-"))) {
            assertTrue(System.nanoTime() < deadline && p.isAlive(), "the writer never started staging");
            Thread.sleep(5);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue(), "ended by SIGINT");
        assertFalse(Files.exists(dir), "no destination");
        assertEquals(List.of(), children(tmp), "no staging directory left behind");
    }

    /** Writes a chart of many files, slowly enough to be interrupted while staging. */
    public static final class SlowWrite {
        public static void main(String[] args) {
            TreeMap<String, String> files = new TreeMap<>();
            for (int i = 0; i < 200_000; i++) {
                files.put("templates/f" + i + ".yaml", "x: " + i + "\n");
            }
            new DirectoryWriter().write(new ChartFiles("big", files), Path.of(args[0]), false);
        }
    }

    static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

}
