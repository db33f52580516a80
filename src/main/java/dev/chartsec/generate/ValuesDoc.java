package dev.chartsec.generate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The README's parameter table, read from the rendered values.yaml itself (the {@code # --} comment above
 * a key is its description, as helm-docs reads it), so the table and the file cannot disagree.
 */
final class ValuesDoc {
    private static final Pattern DOC = Pattern.compile("^(\\s*)# -- (.*)$");
    private static final Pattern MORE = Pattern.compile("^(\\s*)# (.*)$");
    private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z0-9_-]+):.*$");
    private static final int MAX_DEFAULT = 120;

    private ValuesDoc() {
    }

    @SuppressWarnings("unchecked")
    static String table(String valuesYaml) {
        Map<String, Object> values = new Yaml(new SafeConstructor(new LoaderOptions())).load(valuesYaml);
        StringBuilder table = new StringBuilder("| Key | Default | Description |\n|---|---|---|\n");
        Deque<int[]> indents = new ArrayDeque<>();
        Deque<String> keys = new ArrayDeque<>();
        StringBuilder doc = null;
        for (String line : valuesYaml.split("\n")) {
            Matcher d = DOC.matcher(line);
            Matcher more = MORE.matcher(line);
            Matcher k = KEY.matcher(line);
            if (d.matches()) {
                doc = new StringBuilder(d.group(2));
            } else if (doc != null && more.matches()) {
                doc.append(' ').append(more.group(2));
            } else if (k.matches()) {
                int indent = k.group(1).length();
                while (!indents.isEmpty() && indents.peek()[0] >= indent) {
                    indents.pop();
                    keys.removeLast();
                }
                indents.push(new int[] {indent});
                keys.addLast(k.group(2));
                if (doc != null) {
                    String path = String.join(".", keys);
                    table.append("| `").append(path).append("` | ")
                            .append(defaultOf(lookup(values, List.copyOf(keys)))).append(" | ")
                            .append(MarkdownText.escape(doc.toString())).append(" |\n");
                }
                doc = null;
            } else if (!line.isBlank()) {
                doc = null;
            }
        }
        return table.toString();
    }

    @SuppressWarnings("unchecked")
    private static Object lookup(Map<String, Object> values, List<String> path) {
        Object node = values;
        for (String key : path) {
            node = ((Map<String, Object>) node).get(key);
        }
        return node;
    }

    private static String defaultOf(Object value) {
        String json = JsonText.write(value);
        if (json.length() > MAX_DEFAULT) {
            json = json.substring(0, MAX_DEFAULT) + "...";
        }
        return "<code>" + MarkdownText.escape(json).replace("\\`", "`") + "</code>";
    }
}
