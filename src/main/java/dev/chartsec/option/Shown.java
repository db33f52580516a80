package dev.chartsec.option;

import java.util.List;
import java.util.Map;

/**
 * Renders a value given by a user for a message: quoted, control characters escaped, and cut short,
 * so a 10 KB answer or a terminal escape sequence never floods or drives the user's screen or a log.
 */
public final class Shown {
    static final int MAX = 80;

    private Shown() {
    }

    public static String value(Object v) {
        if (v instanceof String s) {
            return quoted(s);
        }
        if (v instanceof List<?> || v instanceof Map<?, ?>) {
            String s = String.valueOf(v);
            return s.length() > MAX ? escaped(s.substring(0, MAX)) + "..." : escaped(s);
        }
        return String.valueOf(v);
    }

    static String quoted(String s) {
        String cut = s.length() > MAX ? s.substring(0, MAX) : s;
        return "'" + escaped(cut) + "'" + (s.length() > MAX ? "... (" + s.length() + " characters)" : "");
    }

    private static String escaped(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\'' -> sb.append("\\'");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.isSurrogate(c) && !Text.pairedSurrogate(s, i)
                            || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
