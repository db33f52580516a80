package dev.chartsec.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.chartsec.generate.ChartFiles;

/**
 * Writes a chart to a directory so that a failure or Ctrl-C leaves nothing half-written: every file is
 * written into a temporary directory beside the destination first. A new (or empty) destination then
 * appears in one atomic rename; with {@code force}, each file replaces its old version by an atomic
 * rename, and files the chart does not name are left alone.
 */
public final class DirectoryWriter {

    /** Fails before any work when the destination cannot be written without --force. */
    public static void checkDestination(Path dir, boolean force) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new DestinationNotEmptyException(dir);
        }
        if (!force && !isEmptyOrMissing(dir)) {
            throw new DestinationNotEmptyException(dir);
        }
    }

    /** Writes the files; returns the paths written, relative to {@code dir}. */
    public List<String> write(ChartFiles chart, Path dir, boolean force) {
        Path target = dir.toAbsolutePath().normalize();
        checkDestination(target, force);
        Path parent = target.getParent();
        Path staging = null;
        Thread cleanup = null;
        try {
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, ".chartsec-");
            if (Files.getFileStore(staging).supportsFileAttributeView("posix")) {
                // a temporary directory is private; the chart directory should look like any other
                Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Path toDelete = staging;
            cleanup = new Thread(() -> deleteQuietly(toDelete), "chartsec-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            List<String> written = new ArrayList<>();
            for (Map.Entry<String, String> e : chart.files().entrySet()) {
                Path file = staging.resolve(e.getKey()).normalize();
                if (!file.startsWith(staging)) {
                    throw new IllegalStateException("chart file outside the chart: " + e.getKey());
                }
                Files.createDirectories(file.getParent());
                Files.write(file, chart.bytes(e.getKey()));
                written.add(e.getKey());
            }
            if (isEmptyOrMissing(target)) {
                Files.deleteIfExists(target);
                move(staging, target);
            } else {
                for (String path : written) {
                    Path destination = target.resolve(path);
                    Files.createDirectories(destination.getParent());
                    move(staging.resolve(path), destination);
                }
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart to " + target + ": " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                deleteQuietly(staging);
            }
            if (cleanup != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or ran: it deletes the staging directory
                }
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean isEmptyOrMissing(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort: a leftover .chartsec-* directory is harmless and visibly named
        }
    }
}
