package dev.chartsec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.chartsec.testing.Chartsec;
import dev.chartsec.testing.Processes;

/**
 * bin/chartsec on every JDK this machine has: without an archive, training one on the first run, using a
 * trained one, and rebuilding a stale one, always with the command's own output and exit code and nothing
 * from the JVM on stderr.
 */
class LauncherIT {
    static final Path APP = Chartsec.HOME.resolve("target/quarkus-app");

    @TempDir
    Path tmp;

    static Stream<Path> jdks() throws IOException {
        List<Path> jdks = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path d : dirs.sorted().toList()) {
                if (Files.isExecutable(d.resolve("bin/java")) && Files.exists(d.resolve("release")) && !Files.isSymbolicLink(d)) {
                    jdks.add(d);
                }
            }
        }
        return jdks.stream();
    }

    Processes.Result run(Path jdk, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Chartsec.LAUNCHER.toString()));
        command.addAll(List.of(args));
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.put("CHARTSEC_JAVA_HOME", jdk.toString());
        return Processes.run(command, tmp, environment, "", Duration.ofMinutes(2));
    }

    void commandsWork(Path jdk, Map<String, String> env, String label) throws Exception {
        Processes.Result created = run(jdk, env, "new", "demo-" + label, "--defaults");
        assertEquals(0, created.exitCode(), label + ": " + created.stderr());
        assertTrue(created.stdout().contains("Wrote chart demo-" + label), created.stdout());
        assertEquals("", created.stderr(), label + ": nothing from the JVM on stderr");
        Processes.Result options = run(jdk, env, "options");
        assertEquals(0, options.exitCode());
        assertTrue(options.stdout().contains("image.tag"));
        Processes.Result invalid = run(jdk, env, "new", "Bad", "--defaults");
        assertEquals(2, invalid.exitCode(), "exit codes pass through");
        assertTrue(invalid.stderr().contains("chart.name"), invalid.stderr());
    }

    /** The launcher as the user nobody, for whom the install is read-only; nothing may be left in it. */
    Processes.Result asNobody(Path jdk, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env",
                "HOME=/nonexistent", "CHARTSEC_JAVA_HOME=" + jdk));
        env.forEach((k, v) -> command.add(k + "=" + v));
        command.add(Chartsec.LAUNCHER.toString());
        command.addAll(List.of(args));
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        return Processes.run(command, tmp, Map.of(), "", Duration.ofMinutes(2));
    }

    static List<String> appEntries() throws IOException {
        try (Stream<Path> s = Files.list(APP)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aReadOnlyInstallRunsForAnUnprivilegedUser(Path jdk) throws Exception {
        List<String> before = appEntries();
        Processes.Result noHome = asNobody(jdk, Map.of(), "--version");
        assertEquals(0, noHome.exitCode(), noHome.stderr());
        assertTrue(noHome.stdout().startsWith("chartsec "), noHome.stdout());
        assertEquals("", noHome.stderr());
        assertEquals(before, appEntries(), "nothing written into the install");

        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Files.setPosixFilePermissions(cache, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Processes.Result first = asNobody(jdk, Map.of("XDG_CACHE_HOME", cache.toString()), "new", "ro", "--defaults");
        assertEquals(0, first.exitCode(), first.stderr());
        assertEquals("", first.stderr());
        List<Path> archives;
        try (Stream<Path> walk = Files.walk(cache)) {
            archives = walk.filter(p -> p.toString().endsWith(".aot") || p.toString().endsWith(".jsa")).toList();
        }
        assertEquals(1, archives.size(), "the first run trained an archive in the user's cache");
        try (Stream<Path> walk = Files.walk(cache)) {
            assertTrue(walk.noneMatch(p -> p.getFileName().toString().startsWith(".train-")), "no training folder left");
        }
        assertEquals(before, appEntries(), "nothing written into the install");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aFailedTrainingIsNotRetriedOnEveryRun(Path jdk) throws Exception {
        // A JDK whose java refuses to write archives (as a JVM without CDS support would), counting the tries.
        Path fake = Files.createDirectories(tmp.resolve("jdk/bin"));
        Files.copy(jdk.resolve("release"), tmp.resolve("jdk/release"));
        Files.createDirectories(tmp.resolve("jdk/lib"));
        Files.createSymbolicLink(tmp.resolve("jdk/lib/modules"), jdk.resolve("lib/modules"));
        Path tries = tmp.resolve("tries");
        Files.writeString(fake.resolve("java"), "#!/bin/sh\ncase \"$*\" in *AOTCacheOutput*|*ArchiveClassesAtExit*) echo x >> " + tries
                + "; exit 1;; esac\nexec " + jdk.resolve("bin/java") + " \"$@\"\n");
        Files.setPosixFilePermissions(fake.resolve("java"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        for (int i = 0; i < 3; i++) {
            Processes.Result r = Processes.run(List.of(Chartsec.LAUNCHER.toString(), "--version"), tmp,
                    Map.of("CHARTSEC_JAVA_HOME", tmp.resolve("jdk").toString(), "XDG_CACHE_HOME", cache.toString()), "", Duration.ofMinutes(2));
            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals("", r.stderr());
        }
        // the install is writable here (root), so the store is beside the jar; the failure is remembered there
        assertEquals(1, Files.readAllLines(tries).size(), "one training, then the failure is remembered");
        try (Stream<Path> s = Files.list(APP)) {
            for (Path failed : s.filter(p -> p.toString().endsWith(".failed")).toList()) {
                Files.delete(failed);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withoutWithAndWithAStaleArchive(Path jdk) throws Exception {
        int feature = Integer.parseInt(Files.readAllLines(jdk.resolve("release")).stream()
                .filter(l -> l.startsWith("JAVA_VERSION=")).findFirst().orElseThrow().replaceAll("[^0-9.]", "").split("\\.")[0]);
        Path archive = APP.resolve("chartsec-" + feature + (feature >= 25 ? ".aot" : ".jsa"));
        Path stamp = Path.of(archive + ".stamp");

        commandsWork(jdk, Map.of("CHARTSEC_CDS", "off"), "plain" + feature);

        Files.deleteIfExists(archive);
        Files.deleteIfExists(stamp);
        commandsWork(jdk, Map.of(), "first" + feature);
        assertTrue(Files.size(archive) > 1_000_000, "the first run trained an archive");
        commandsWork(jdk, Map.of(), "trained" + feature);

        // stale: the build changed since the archive was made
        Files.writeString(stamp, "an older build\n");
        long before = Files.getLastModifiedTime(archive).toMillis();
        Thread.sleep(1100);
        commandsWork(jdk, Map.of(), "stale" + feature);
        assertTrue(Files.getLastModifiedTime(archive).toMillis() > before, "the stale archive was rebuilt");

        // a damaged archive the stamp still vouches for: the JVM ignores it, quietly
        String goodStamp = Files.readString(stamp);
        Files.write(archive, new byte[4096]);
        Files.writeString(stamp, goodStamp);
        commandsWork(jdk, Map.of(), "damaged" + feature);
        Files.deleteIfExists(archive);
        Files.deleteIfExists(stamp);
    }
}
