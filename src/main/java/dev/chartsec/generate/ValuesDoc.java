package dev.chartsec.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The README's parameter table, read from the rendered values.yaml itself (the {@code # --} comment above
 * a key is its description, as helm-docs reads it), so the table and the file cannot disagree.
 *
 * <p>A single pass over the lines: a key's default is the rest of its line (every value chartsec writes
 * there is already a JSON scalar or flow node), or, for a block, that block alone read as YAML.
 */
final class ValuesDoc {
    private static final int MAX_DEFAULT = 120;
    /** Descriptions are template text, the same for every chart: escape each once. */
    private static final Map<String, String> ESCAPED = new ConcurrentHashMap<>();

    private ValuesDoc() {
    }

    static String table(String valuesYaml) {
        return table(valuesYaml, true, new ArrayList<>());
    }

    /**
     * fast: blocks in the shapes chartsec writes are read without a YAML parser (ValuesDocTest compares);
     * parsed collects the blocks the parser read.
     */
    static String table(String valuesYaml, boolean fast, List<String> parsed) {
        String[] lines = valuesYaml.split("\n", -1);
        StringBuilder table = new StringBuilder(8192).append("| Key | Default | Description |\n|---|---|---|\n");
        List<String> keys = new ArrayList<>();
        List<Integer> indents = new ArrayList<>();
        StringBuilder doc = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int indent = indentOf(line);
            if (indent == line.length()) {
                continue;
            }
            if (line.startsWith("# -- ", indent)) {
                doc = new StringBuilder(line.substring(indent + 5));
                continue;
            }
            if (line.startsWith("# ", indent)) {
                if (doc != null) {
                    doc.append(' ').append(line, indent + 2, line.length());
                }
                continue;
            }
            int colon = keyEnd(line, indent);
            if (colon < 0) {
                doc = null; // a list item or a continuation: never documented
                continue;
            }
            while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
                indents.remove(indents.size() - 1);
                keys.remove(keys.size() - 1);
            }
            indents.add(indent);
            keys.add(line.substring(indent, colon));
            if (doc != null) {
                String inline = line.substring(colon + 1).strip();
                String value = inline.isEmpty() ? block(lines, i, indent, fast, parsed) : inline;
                table.append("| `").append(String.join(".", keys)).append("` | ").append(code(value)).append(" | ")
                        .append(ESCAPED.computeIfAbsent(doc.toString(), MarkdownText::escape)).append(" |\n");
            }
            doc = null;
        }
        return table.toString();
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** The index of the ':' ending a plain key at {@code start}, or -1 when the line is not a key. */
    private static int keyEnd(String line, int start) {
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ':') {
                return i > start && (i + 1 == line.length() || line.charAt(i + 1) == ' ') ? i : -1;
            }
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
                return -1;
            }
        }
        return -1;
    }

    /** The block under the key at line {@code at}, as one JSON flow node. */
    private static String block(String[] lines, int at, int indent, boolean fast, List<String> parsed) {
        List<String> body = new ArrayList<>();
        for (int j = at + 1; j < lines.length; j++) {
            String l = lines[j];
            int in = indentOf(l);
            if (in == l.length()) {
                continue;
            }
            if (in <= indent) {
                break;
            }
            if (!l.startsWith("#", in)) {
                body.add(l);
            }
        }
        if (fast) {
            String json = SimpleBlock.json(body);
            if (json != null) {
                return json;
            }
        }
        parsed.add(lines[at].strip());
        StringBuilder block = new StringBuilder();
        body.forEach(l -> block.append(l, indent, l.length()).append('\n'));
        Object value = new Yaml(new SafeConstructor(new LoaderOptions())).load(block.toString());
        return JsonText.write(value);
    }

    /**
     * The block shapes values.yaml has: mappings of plain keys, lists of scalars or of mappings, and leaves that
     * are JSON already (what the generator writes), numbers, booleans, or plain words. Anything else (quoted
     * keys, YAML-only syntax) gives null, and the YAML parser reads the block.
     */
    private static final class SimpleBlock {
        private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z0-9][-A-Za-z0-9_./]*");
        private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)");
        private final List<String> lines;
        private int next;

        private SimpleBlock(List<String> lines) {
            this.lines = lines;
        }

        static String json(List<String> lines) {
            try {
                SimpleBlock b = new SimpleBlock(lines);
                String json = b.node(indentOf(lines.get(0)));
                return b.next == lines.size() ? json : null;
            } catch (IllegalArgumentException notSimple) {
                return null;
            }
        }

        private String node(int indent) {
            String first = lines.get(next).substring(indent);
            return first.startsWith("- ") ? sequence(indent) : mapping(indent, null);
        }

        private String sequence(int indent) {
            StringBuilder sb = new StringBuilder("[");
            while (next < lines.size() && indentOf(lines.get(next)) == indent && lines.get(next).startsWith("- ", indent)) {
                String item = lines.get(next).substring(indent + 2);
                sb.append(sb.length() == 1 ? "" : ", ");
                if (keyEnd(item) > 0) {
                    sb.append(mapping(indent + 2, item));
                } else {
                    next++;
                    sb.append(leaf(item));
                }
            }
            return sb.append(']').toString();
        }

        /** firstEntry: the first entry when it sits on a list item's line ("- key: value"). */
        private String mapping(int indent, String firstEntry) {
            StringBuilder sb = new StringBuilder("{");
            String entry = firstEntry;
            while (entry != null || next < lines.size() && indentOf(lines.get(next)) == indent) {
                String line = entry != null ? entry : lines.get(next).substring(indent);
                entry = null;
                next++;
                int colon = keyEnd(line);
                if (colon <= 0) {
                    throw new IllegalArgumentException(line);
                }
                String key = line.substring(0, colon);
                sb.append(sb.length() == 1 ? "" : ", ").append(key.charAt(0) == '"' ? key : JsonText.quote(key)).append(": ");
                String rest = line.substring(colon + 1).strip();
                if (!rest.isEmpty()) {
                    sb.append(leaf(rest));
                } else if (next < lines.size() && indentOf(lines.get(next)) > indent) {
                    sb.append(node(indentOf(lines.get(next))));
                } else {
                    sb.append("null");
                }
            }
            if (next < lines.size() && indentOf(lines.get(next)) > indent) {
                throw new IllegalArgumentException(lines.get(next));
            }
            return sb.append('}').toString();
        }

        private static int keyEnd(String line) {
            if (line.startsWith("\"")) { // a key the generator wrote as a JSON string
                int close = closingQuote(line);
                return close > 0 && (line.startsWith(": ", close + 1) || close + 2 == line.length() && line.endsWith(":")) ? close + 1 : -1;
            }
            int colon = line.indexOf(": ");
            int end = colon < 0 && line.endsWith(":") ? line.length() - 1 : colon;
            return end > 0 && PLAIN.matcher(line.substring(0, end)).matches() ? end : -1;
        }

        /** The index of the quote closing the JSON string that opens the line, or -1. */
        private static int closingQuote(String line) {
            for (int i = 1; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    return i;
                }
            }
            return -1;
        }

        private static String leaf(String text) {
            char c = text.charAt(0);
            if (c == '"' || c == '[' || c == '{') {
                return text; // JSON the generator wrote (JsonText): a string, list or map as it is
            }
            if (NUMBER.matcher(text).matches() || text.equals("true") || text.equals("false")) {
                return text;
            }
            if (PLAIN.matcher(text).matches() && !text.matches("(?i)y|n|yes|no|on|off|null|~")) {
                return JsonText.quote(text);
            }
            throw new IllegalArgumentException(text);
        }
    }

    private static String code(String value) {
        String shown = value.length() > MAX_DEFAULT ? value.substring(0, MAX_DEFAULT) + "..." : value;
        return "<code>" + MarkdownText.escape(shown).replace("\\`", "`") + "</code>";
    }
}
