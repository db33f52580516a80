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
                String value = inline.isEmpty() ? block(lines, i, indent) : inline;
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
    private static String block(String[] lines, int at, int indent) {
        StringBuilder block = new StringBuilder();
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
                block.append(l, indent, l.length()).append('\n');
            }
        }
        Object value = new Yaml(new SafeConstructor(new LoaderOptions())).load(block.toString());
        return JsonText.write(value);
    }

    private static String code(String value) {
        String shown = value.length() > MAX_DEFAULT ? value.substring(0, MAX_DEFAULT) + "..." : value;
        return "<code>" + MarkdownText.escape(shown).replace("\\`", "`") + "</code>";
    }
}
