package dev.chartsec.option;

/** What text chartsec accepts in any field: every Unicode character except controls and broken code units. */
public final class Text {
    private Text() {
    }

    /** Whether the UTF-16 unit at {@code i} is half of a well-formed surrogate pair. */
    public static boolean pairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** A description of the first character that cannot appear in an answer, or null when all can. */
    static String unrepresentable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c) && !pairedSurrogate(s, i)) {
                return "a broken UTF-16 surrogate at position " + i;
            }
            if (Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r'
                    || c == '\uFFFE' || c == '\uFFFF') {
                return String.format("the control character U+%04X at position %d", (int) c, i);
            }
        }
        return null;
    }
}
