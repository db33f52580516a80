package dev.chartsec.option;

/** What text chartsec accepts in any field: every Unicode character except controls and broken code units. */
final class Text {
    private Text() {
    }

    /** A description of the first character that cannot appear in an answer, or null when all can. */
    static String unrepresentable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
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
