package dev.chartsec.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A program in a real pseudo-terminal: tmux with send-keys to type and capture-pane to read the screen. */
public final class Tmux implements AutoCloseable {
    private final String session;

    public Tmux(Path dir, String command) {
        this.session = "chartsec-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "50", "-c", dir.toString(), command);
    }

    /** Types text and presses Enter. */
    public void line(String text) {
        if (!text.isEmpty()) {
            tmux("send-keys", "-t", session, "-l", text);
        }
        tmux("send-keys", "-t", session, "Enter");
    }

    public void keys(String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    public String screen() {
        return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", session);
    }

    /** The screen with its colour and attribute escape sequences, as the program wrote them. */
    public String screenWithEscapes() {
        return tmux("capture-pane", "-p", "-e", "-J", "-S", "-200", "-t", session);
    }

    /** Waits until the screen shows {@code text} (counting from the {@code nth} occurrence); returns the screen. */
    public String await(String text, int nth) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String screen = screen();
            if (count(screen, text) >= nth) {
                return screen;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for '" + text + "' (" + nth + "x) on:\n" + screen);
            }
            sleep(20);
        }
    }

    public String await(String text) {
        return await(text, 1);
    }

    static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("tmux", "kill-session", "-t", session).start().waitFor();
        } catch (IOException | InterruptedException ignored) {
            // the session may be gone already
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tmux(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        Processes.Result r = Processes.run(command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("tmux " + String.join(" ", args) + ": " + r.output());
        }
        return r.stdout();
    }
}
