package dev.chartsec.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The packaged chartsec, run as a user runs it: through bin/chartsec. */
public final class Chartsec {
    public static final Path HOME = Path.of(System.getProperty("chartsec.home", ".")).toAbsolutePath();
    public static final Path LAUNCHER = HOME.resolve("bin/chartsec");

    private Chartsec() {
    }

    public record Run(int exitCode, String stdout, String stderr) {
    }

    /** Runs bin/chartsec in {@code dir} with the given standard input. */
    public static Run run(Path dir, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("chartsec-out", ".txt");
            Path err = Files.createTempFile("chartsec-err", ".txt");
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("chartsec timed out");
            }
            Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every file under {@code root}, relative path to bytes as text, for byte-for-byte comparison. */
    public static Map<String, String> tree(Path root) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
