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
        Staging staging = null;
        try {
            Files.createDirectories(target.getParent());
            staging = new Staging(Files.createTempDirectory(target.getParent(), ".chartsec-"));
            List<String> written = new ArrayList<>();
            for (Map.Entry<String, String> e : chart.files().entrySet()) {
                staging.write(e.getKey(), chart.bytes(e.getKey()));
                written.add(e.getKey());
            }
            staging.publish(target, written);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart to " + target + ": " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                staging.close();
            }
        }
    }

    /**
     * The temporary directory, with a shutdown hook that removes it on Ctrl-C. The hook and the writing
     * thread take turns on one lock, so the hook never deletes while a file is being written, and the
     * writer stops at the next file once the hook has run.
     */
    private static final class Staging {
        private final Path root;
        private final Object lock = new Object();
        private final Thread hook;
        private boolean cancelled;

        Staging(Path root) throws IOException {
            this.root = root;
            if (Files.getFileStore(root).supportsFileAttributeView("posix")) {
                // a temporary directory is private; the chart directory should look like any other
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            this.hook = new Thread(this::cancel, "chartsec-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        void write(String path, byte[] content) throws IOException {
            Path file = root.resolve(path).normalize();
            if (!file.startsWith(root)) {
                throw new IllegalStateException("chart file outside the chart: " + path);
            }
            synchronized (lock) {
                checkNotCancelled();
                Files.createDirectories(file.getParent());
                Files.write(file, content);
            }
        }

        /** Moves the staged files into place: the whole directory at once when the target is new. */
        void publish(Path target, List<String> paths) throws IOException {
            synchronized (lock) {
                checkNotCancelled();
                if (isEmptyOrMissing(target)) {
                    Files.deleteIfExists(target);
                    move(root, target);
                } else {
                    for (String path : paths) {
                        Path destination = target.resolve(path);
                        Files.createDirectories(destination.getParent());
                        move(root.resolve(path), destination);
                    }
                }
            }
        }

        private void checkNotCancelled() throws IOException {
            if (cancelled) {
                throw new IOException("interrupted");
            }
        }

        private void cancel() {
            synchronized (lock) {
                cancelled = true;
                deleteQuietly(root);
            }
        }

        void close() {
            deleteQuietly(root);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it removes the directory
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
