package dev.chartsec.wizard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;

/**
 * The wizard's terminal: one line in per question, text out. On a real terminal it is JLine with line
 * editing and tab completion of the current question's choices; when input is not a terminal JLine's
 * dumb terminal reads plain lines. No answer is ever pre-filled into the line (piped input would merge
 * with it): the default is shown in the prompt and an empty line takes it.
 */
public final class Console implements AutoCloseable {
    private final Terminal terminal;
    private final LineReader reader;
    private final Style style;
    private final boolean ownsStreams;
    private volatile List<String> completions = List.of();

    private Console(Terminal terminal, Style style, boolean ownsStreams) {
        this.terminal = terminal;
        this.style = style;
        this.ownsStreams = ownsStreams;
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .completer((r, line, candidates) -> new StringsCompleter(completions).complete(r, line, candidates))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .variable(LineReader.HISTORY_SIZE, 0)
                .build();
    }

    /** The process's own terminal (or the dumb one over stdin and stdout when they are not a terminal). */
    public static Console system() {
        try {
            Terminal t = TerminalBuilder.builder().system(true).dumb(true).build();
            return new Console(t, Style.forTerminal(t, System.getenv("NO_COLOR")), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A dumb terminal over the given streams, without colour: for scripted input and tests. */
    public static Console of(InputStream in, OutputStream out) {
        try {
            return new Console(new DumbTerminal(in, out), Style.PLAIN, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a person can be asked: a real (not dumb) terminal. */
    public boolean interactive() {
        return !Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
    }

    public Style style() {
        return style;
    }

    /** Reads one answer; Ctrl-C or the end of input abort the wizard. */
    public String ask(String prompt, List<String> choices) {
        completions = choices;
        try {
            String line = reader.readLine(prompt);
            return line == null ? "" : line.strip();
        } catch (UserInterruptException e) {
            throw new WizardAborted("interrupted");
        } catch (EndOfFileException e) {
            throw new WizardAborted("end of input");
        }
    }

    public void say(String text) {
        PrintWriter w = terminal.writer();
        w.println(text);
        w.flush();
    }

    /** Closes a terminal over given streams; the process's own terminal stays open, or stdout would close with it. */
    @Override
    public void close() {
        terminal.writer().flush();
        if (!ownsStreams) {
            return;
        }
        try {
            terminal.close();
        } catch (IOException ignored) {
            // closing a terminal cannot lose the user's work
        }
    }
}
