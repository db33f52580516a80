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
        Process p = javaMain(SlowWrite.class, dir);
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

    static ChartFiles chart(String version) {
        return new ChartFiles("shop", new TreeMap<>(Map.of("Chart.yaml", "version: " + version + "\n",
                "values.yaml", "v: " + version + "\n", "templates/deployment.yaml", "d: " + version + "\n",
                "templates/service.yaml", "s: " + version + "\n", "templates/tests/test.yaml", "t: " + version + "\n")));
    }

    /** Every file under the root as its text, links not followed. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                files.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }

    @Test
    void forceReplacesTheChartsFilesAndKeepsTheUsersOwn() throws IOException {
        Path dir = tmp.resolve("shop");
        new DirectoryWriter().write(chart("1"), dir, false);
        Files.writeString(dir.resolve("templates/mine.yaml"), "mine\n");
        new DirectoryWriter().write(chart("2"), dir, true);
        Map<String, String> after = snapshot(dir);
        assertEquals("mine\n", after.get("templates/mine.yaml"));
        assertEquals("version: 2\n", after.get("Chart.yaml"));
        assertEquals(6, after.size());
        assertEquals(List.of(dir), children(tmp), "no staging directory left behind");
    }

    @Test
    void forceIsAllOrNothing() throws IOException {
        Path dir = tmp.resolve("shop");
        new DirectoryWriter().write(chart("1"), dir, false);
        Files.writeString(dir.resolve("notes.txt"), "mine\n");
        Map<String, String> before = snapshot(dir);
        int[] moves = {0};
        DirectoryWriter failsAtTheSixthMove = new DirectoryWriter((from, to) -> {
            if (++moves[0] == 6) {
                throw new java.nio.file.AccessDeniedException(to.toString(), null, "Permission denied");
            }
            Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }, false);
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> failsAtTheSixthMove.write(chart("2"), dir, true));
        assertTrue(e.getMessage().contains("permission denied") && !e.getMessage().contains("Exception"), e.getMessage());
        assertEquals(before, snapshot(dir), "every file as it was");
        assertEquals(List.of(dir), children(tmp), "no staging directory left behind");
    }

    @Test
    void nothingIsWrittenThroughALinkInsideTheDestination() throws IOException {
        Path dir = tmp.resolve("shop");
        new DirectoryWriter().write(chart("1"), dir, false);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("deployment.yaml"), "not yours\n");
        DirectoryWriter.deleteQuietly(dir.resolve("templates"));
        Files.createSymbolicLink(dir.resolve("templates"), elsewhere);
        Map<String, String> before = snapshot(dir);
        DestinationNotEmptyException e = assertThrows(DestinationNotEmptyException.class, () -> new DirectoryWriter().write(chart("2"), dir, true));
        assertTrue(e.getMessage().contains("templates is a symbolic link") && e.getMessage().contains("nothing was written"), e.getMessage());
        assertEquals("not yours\n", Files.readString(elsewhere.resolve("deployment.yaml")));
        assertEquals(List.of("deployment.yaml"), children(elsewhere).stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(before, snapshot(dir));
    }

    @Test
    void anOutputThatIsALinkToAnEmptyFolderStaysALink() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        new DirectoryWriter().write(chart("1"), link, false);
        assertTrue(Files.isSymbolicLink(link), "the link is kept");
        assertEquals("version: 1\n", Files.readString(real.resolve("Chart.yaml")));
    }

    @Test
    void aFileIsNotADestination() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        DestinationNotEmptyException e = assertThrows(DestinationNotEmptyException.class,
                () -> DirectoryWriter.checkDestination(file, true));
        assertTrue(e.getMessage().contains("is a file, not a directory") && !e.getMessage().contains("--force"), e.getMessage());
    }

    @Test
    void aRunKilledWhilePuttingFilesInPlaceIsRolledBackByTheNextRun() throws Exception {
        Path dir = tmp.resolve("shop");
        new DirectoryWriter().write(chart("1"), dir, false);
        Files.writeString(dir.resolve("notes.txt"), "mine\n");
        Map<String, String> before = snapshot(dir);
        Process p = javaMain(HangsMidway.class, dir);
        Path marker = tmp.resolve("shop/Chart.yaml"); // the first file replaced; the run hangs at the fourth
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"version: 2\n".equals(readIfThere(marker))) {
            assertTrue(System.nanoTime() < deadline && p.isAlive(), "the writer never got to putting files in place");
            Thread.sleep(5);
        }
        p.destroyForcibly().waitFor(); // kill -9: no hook runs
        assertTrue(children(tmp).stream().anyMatch(c -> c.getFileName().toString().startsWith(".chartsec-shop-")), "a leftover");
        DirectoryWriter.recoverLeftovers(dir.toRealPath());
        assertEquals(before, snapshot(dir), "the killed run's changes are undone");
        assertEquals(List.of(dir), children(tmp), "the leftover is gone");
        new DirectoryWriter().write(chart("3"), dir, true);
        assertEquals("version: 3\n", Files.readString(dir.resolve("Chart.yaml")));
    }

    /** Replaces a chart with --force and hangs after a few files are in place, to be killed there. */
    public static final class HangsMidway {
        public static void main(String[] args) {
            int[] moves = {0};
            new DirectoryWriter((from, to) -> {
                if (++moves[0] == 7) {
                    try {
                        Thread.sleep(120_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }, false).write(chart("2"), Path.of(args[0]), true);
        }
    }

    @Test
    void aSignalAfterTheChartIsWrittenExitsZero() throws Exception {
        Path dir = tmp.resolve("chart");
        Process p = javaMain(WritesThenWaits.class, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(dir.resolve("Chart.yaml"))) {
            assertTrue(System.nanoTime() < deadline && p.isAlive(), "the chart never appeared");
            Thread.sleep(5);
        }
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "the chart was written, and the exit code says so");
        assertEquals(chart("1").files().size(), snapshot(dir).size());
    }

    /** `chartsec new`'s writer, then a pause before the process would end. */
    public static final class WritesThenWaits {
        public static void main(String[] args) throws InterruptedException {
            DirectoryWriter.forCommandLine().write(chart("1"), Path.of(args[0]), false);
            Thread.sleep(120_000);
        }
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

    /** A file's text, or null in the instant it is being swapped. */
    static String readIfThere(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    /** Runs a class's main in a JVM of its own, with the chart directory as its argument. */
    static Process javaMain(Class<?> main, Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

}
