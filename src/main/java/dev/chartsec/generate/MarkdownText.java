package dev.chartsec.generate;

/**
 * Escapes text for Markdown prose and table cells: no HTML, no links, no emphasis, no table breaks, one
 * line. User text in the chart's README stays text.
 */
public final class MarkdownText {
    private MarkdownText() {
    }

    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\n', '\r', '\u2028', '\u2029' -> sb.append(' ');
                case '\\', '`', '*', '_', '[', ']', '(', ')', '|', '#', '~', '!', '{', '}' -> sb.append('\\').append(c);
                default -> sb.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return sb.toString();
    }
}
