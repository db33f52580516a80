package dev.chartsec.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.chartsec.generate.ChartFiles;

/**
 * Writes a chart to a directory all or nothing. Every file is first written into a staging directory beside
 * the destination ({@code .chartsec-NAME-*}). A new or empty destination then appears in one atomic rename.
 * With {@code force}, a destination that holds files gets the chart's files one atomic rename each: the old
 * version of every replaced file is moved aside first, and a journal records each step, so a failure puts
 * every file back as it was, and a run that was killed is rolled back by the next run; files the chart does
 * not name are left alone. Nothing is written through a symbolic link inside the destination (the
 * destination itself may be a link to a directory). A signal while staging removes the staging directory
 * (nothing written); once the chart is in place, a signal no longer undoes it and the exit code says 0.
 */
public final class DirectoryWriter {
    /** Moves one file or directory; tests replace it to make a move fail. */
    @FunctionalInterface
    public interface Mover {
        void move(Path from, Path to) throws IOException;
    }

    private static final String OWNER = "owner";
    private static final String JOURNAL = "journal";
    private final Mover mover;
    private final boolean commandLine;

    public DirectoryWriter() {
        this(DirectoryWriter::atomicMove, false);
    }

    /**
     * @param commandLine the process is `chartsec new`: once the chart is in place, a signal until the process
     *                    ends makes it exit 0, since the chart was written (a library caller keeps its exit code)
     */
    public DirectoryWriter(Mover mover, boolean commandLine) {
        this.mover = mover;
        this.commandLine = commandLine;
    }

    /** The writer of `chartsec new`. */
    public static DirectoryWriter forCommandLine() {
        return new DirectoryWriter(DirectoryWriter::atomicMove, true);
    }

    /** Fails before any work when the destination cannot be written (without --force, when it holds files). */
    public static void checkDestination(Path dir, boolean force) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new DestinationNotEmptyException(dir, "is a file, not a directory; choose another -o DIR");
        }
        if (!force && !isEmptyOrMissing(dir)) {
            throw new DestinationNotEmptyException(dir,
                    "exists and is not empty; choose another -o DIR, or pass --force to write the chart's files over it");
        }
    }

    /** Writes the files; returns the paths written, relative to {@code dir}. */
    public List<String> write(ChartFiles chart, Path dir, boolean force) {
        checkDestination(dir, force);
        Staging staging = null;
        try {
            Path target = realDestination(dir);
            Files.createDirectories(target.getParent());
            recoverLeftovers(target);
            List<String> paths = new ArrayList<>(chart.files().keySet());
            if (!isEmptyOrMissing(target)) {
                refuseUnsafePaths(target, paths);
            }
            staging = Staging.create(target, commandLine);
            for (String path : paths) {
                staging.write(path, chart.bytes(path));
            }
            staging.publish(target, paths, mover);
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart to " + dir + ": " + describe(e), e);
        } finally {
            if (staging != null) {
                staging.close();
            }
        }
    }

    /** The directory the user named, through a link if it is one: the link stays, its target gets the chart. */
    private static Path realDestination(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.exists(absolute)) {
            return absolute.toRealPath();
        }
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        return parent.toRealPath().resolve(absolute.getFileName());
    }

    /** Every directory on the way to a chart file must be a real directory and every file a regular file. */
    private static void refuseUnsafePaths(Path target, List<String> paths) {
        List<String> problems = new ArrayList<>();
        for (String path : paths) {
            Path at = target;
            String[] parts = path.split("/");
            for (int i = 0; i < parts.length; i++) {
                at = at.resolve(parts[i]);
                String shown = target.relativize(at).toString();
                if (Files.isSymbolicLink(at)) {
                    problems.add(shown + " is a symbolic link; chartsec does not write through links");
                    break;
                }
                boolean last = i == parts.length - 1;
                if (!last && Files.exists(at, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                    problems.add(shown + " is a file where the chart needs a directory");
                    break;
                }
                if (last && Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                    problems.add(shown + " is a directory where the chart writes a file");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new DestinationNotEmptyException(target, "cannot take the chart, nothing was written: "
                    + String.join("; ", problems.stream().distinct().toList()) + ". Remove or rename them, or choose another -o DIR");
        }
    }

    /**
     * Staging directories of this destination left by a run that was killed: a journal means it was putting
     * files in place, and every step it took is undone; then the directory is removed. A staging directory
     * whose owner is still running is another run's, and left alone.
     */
    static void recoverLeftovers(Path target) throws IOException {
        Path parent = target.getParent();
        String prefix = stagingPrefix(target);
        List<Path> leftovers;
        try (Stream<Path> s = Files.list(parent)) {
            leftovers = s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
        for (Path leftover : leftovers) {
            Optional<Long> owner = readOwner(leftover);
            if (owner.isPresent() && ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            Path journal = leftover.resolve(JOURNAL);
            if (Files.exists(journal)) {
                rollBack(target, leftover, Files.readAllLines(journal, StandardCharsets.UTF_8), DirectoryWriter::atomicMove);
            }
            deleteQuietly(leftover);
        }
    }

    private static Optional<Long> readOwner(Path staging) {
        try {
            return Optional.of(Long.parseLong(Files.readString(staging.resolve(OWNER)).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String stagingPrefix(Path target) {
        return ".chartsec-" + target.getFileName() + "-";
    }

    /** Undoes the journal's steps, newest first: new files removed, old versions moved back, new directories removed. */
    private static void rollBack(Path target, Path staging, List<String> journal, Mover mover) throws IOException {
        for (int i = journal.size() - 1; i >= 0; i--) {
            String entry = journal.get(i);
            String path = entry.substring(entry.indexOf(':') + 1);
            switch (entry.substring(0, entry.indexOf(':'))) {
                case "new" -> {
                    Path placed = target.resolve(path);
                    if (Files.exists(placed, LinkOption.NOFOLLOW_LINKS) && !Files.exists(staging.resolve("new").resolve(path))) {
                        Files.delete(placed);
                    }
                }
                case "old" -> {
                    Path saved = staging.resolve("old").resolve(path);
                    if (Files.exists(saved, LinkOption.NOFOLLOW_LINKS)) {
                        mover.move(saved, target.resolve(path));
                    }
                }
                case "dir" -> {
                    Path created = target.resolve(path);
                    if (isEmptyOrMissing(created)) {
                        Files.deleteIfExists(created);
                    }
                }
                default -> throw new IOException("unreadable journal entry in " + staging + ": " + entry);
            }
        }
    }

    /**
     * The staging directory, with a shutdown hook for Ctrl-C and SIGTERM. The hook and the writing thread take
     * turns on one lock: while staging, the hook removes the directory and the writer stops at the next file;
     * once published, the hook leaves the chart and makes the exit code say it was written.
     */
    private static final class Staging {
        private Path root;
        private Path fresh;
        private final Object lock = new Object();
        private final Thread hook;
        private final boolean holdExitCode;
        private boolean cancelled;
        private boolean published;

        private Staging(boolean holdExitCode) {
            this.holdExitCode = holdExitCode;
            this.hook = new Thread(this::onSignal, "chartsec-cleanup");
        }

        /** The hook is in place before the directory exists, so no signal can leave it behind. */
        static Staging create(Path target, boolean holdExitCode) throws IOException {
            Staging staging = new Staging(holdExitCode);
            Runtime.getRuntime().addShutdownHook(staging.hook);
            try {
                synchronized (staging.lock) {
                    staging.checkNotCancelled();
                    staging.root = Files.createTempDirectory(target.getParent(), stagingPrefix(target));
                    Files.writeString(staging.root.resolve(OWNER), Long.toString(ProcessHandle.current().pid()));
                    staging.fresh = Files.createDirectory(staging.root.resolve("new"));
                    if (Files.getFileStore(staging.root).supportsFileAttributeView("posix")) {
                        // a temporary directory is private; the chart directory should look like any other
                        Files.setPosixFilePermissions(staging.fresh, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
                return staging;
            } catch (IOException | RuntimeException e) {
                staging.close();
                throw e;
            }
        }

        void write(String path, byte[] content) throws IOException {
            Path file = fresh.resolve(path).normalize();
            if (!file.startsWith(fresh)) {
                throw new IllegalStateException("chart file outside the chart: " + path);
            }
            synchronized (lock) {
                checkNotCancelled();
                Files.createDirectories(file.getParent());
                Files.write(file, content);
            }
        }

        /** Moves the staged chart into place: all at once into a new or empty destination, else file by file under a journal. */
        void publish(Path target, List<String> paths, Mover mover) throws IOException {
            synchronized (lock) {
                checkNotCancelled();
                if (isEmptyOrMissing(target)) {
                    mover.move(fresh, target);
                } else {
                    replaceFiles(target, paths, mover);
                }
                published = true;
            }
        }

        private void replaceFiles(Path target, List<String> paths, Mover mover) throws IOException {
            Path journal = root.resolve(JOURNAL);
            List<String> steps = new ArrayList<>();
            try {
                for (String path : paths) {
                    Path destination = target.resolve(path);
                    for (Path dir : missingDirectories(target, destination.getParent())) {
                        Files.createDirectory(dir);
                        record(journal, steps, "dir:" + target.relativize(dir));
                    }
                    if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
                        Path saved = root.resolve("old").resolve(path);
                        Files.createDirectories(saved.getParent());
                        record(journal, steps, "old:" + path);
                        mover.move(destination, saved);
                    }
                    record(journal, steps, "new:" + path);
                    mover.move(fresh.resolve(path), destination);
                }
            } catch (IOException | RuntimeException e) {
                try {
                    rollBack(target, root, steps, DirectoryWriter::atomicMove);
                } catch (IOException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                    throw new IOException(describe(e) + "; putting the old files back failed too, see " + root
                            + " (the next run restores them)", e);
                }
                throw e;
            }
            Files.delete(journal);
        }

        private static List<Path> missingDirectories(Path target, Path dir) {
            List<Path> missing = new ArrayList<>();
            for (Path p = dir; !p.equals(target) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
                missing.add(0, p);
            }
            return missing;
        }

        private static void record(Path journal, List<String> steps, String step) throws IOException {
            steps.add(step);
            Files.writeString(journal, step + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.DSYNC);
        }

        private void checkNotCancelled() throws IOException {
            if (cancelled) {
                throw new IOException("interrupted");
            }
        }

        private void onSignal() {
            synchronized (lock) {
                if (published) {
                    // The chart is complete: the process is ending (a signal, or the command's own exit, which is
                    // 0 after a chart was written), and its exit code must not say "nothing written".
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(0); // the exit code of a written chart
                }
                cancelled = true;
                if (root != null) {
                    deleteQuietly(root);
                }
            }
        }

        void close() {
            synchronized (lock) {
                if (root != null) {
                    deleteQuietly(root);
                }
                if (published && holdExitCode) {
                    return; // the hook stays until the process ends
                }
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    private static void atomicMove(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** An I/O problem in the user's words: what failed and where, not the exception's class. */
    static String describe(Exception e) {
        if (e instanceof java.nio.file.FileSystemException f) {
            String reason = f.getReason() == null ? "cannot be written" : f.getReason().toLowerCase(java.util.Locale.ROOT);
            return (f.getFile() == null ? "" : f.getFile() + ": ") + reason;
        }
        return e.getMessage() == null ? "an I/O error" : e.getMessage();
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
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
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
            // best effort: the next run removes a leftover staging directory of the same destination
        }
    }
}
