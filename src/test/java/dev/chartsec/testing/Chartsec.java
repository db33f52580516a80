package dev.chartsec.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The packaged chartsec, run as a user runs it: through bin/chartsec. */
public final class Chartsec {
    public static final Path HOME = Path.of(System.getProperty("chartsec.home", ".")).toAbsolutePath();
    public static final Path LAUNCHER = HOME.resolve("bin/chartsec");

    private Chartsec() {
    }

    /** Runs bin/chartsec in {@code dir} with the given standard input. */
    public static Processes.Result run(Path dir, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return Processes.run(command, dir, Map.of(), stdin, Duration.ofMinutes(2));
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
