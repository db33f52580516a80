package dev.chartsec.wizard;

import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp;

/** Colour for a capable terminal; nothing at all under NO_COLOR or on a dumb terminal. */
public record Style(boolean colour) {
    public static final Style PLAIN = new Style(false);

    static Style forTerminal(Terminal t, String noColor) {
        boolean dumb = Terminal.TYPE_DUMB.equals(t.getType()) || Terminal.TYPE_DUMB_COLOR.equals(t.getType());
        Integer colours = t.getNumericCapability(InfoCmp.Capability.max_colors);
        return new Style(!dumb && (noColor == null || noColor.isEmpty()) && colours != null && colours >= 8);
    }

    public String bold(String s) {
        return colour ? "\u001b[1m" + s + "\u001b[0m" : s;
    }

    public String dim(String s) {
        return colour ? "\u001b[2m" + s + "\u001b[0m" : s;
    }

    public String error(String s) {
        return colour ? "\u001b[31m" + s + "\u001b[0m" : s;
    }

    public String ok(String s) {
        return colour ? "\u001b[32m" + s + "\u001b[0m" : s;
    }
}
