package dev.chartsec.option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads an answers file: a YAML map of option ids to values. Nested maps are accepted too
 * ({@code image: {tag: 1.2.3}} is {@code image.tag}); a map-typed option stays a map.
 */
public final class AnswersFile {
    public static final int MAX_BYTES = 1 << 20;

    private final OptionCatalog catalog;

    public AnswersFile(OptionCatalog catalog) {
        this.catalog = catalog;
    }

    public Map<String, Object> read(Path file, List<Violation> out) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                out.add(new Violation("--answers", file.toString(), "is larger than 1 MiB", "a YAML map of option ids to values"));
                return Map.of();
            }
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, file.toString(), out);
            }
        } catch (IOException e) {
            out.add(new Violation("--answers", file.toString(), "cannot be read: " + e.getMessage(), "a readable YAML file"));
            return Map.of();
        }
    }

    public Map<String, Object> parse(InputStream in, String name, List<Violation> out) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_BYTES);
        Object root;
        try {
            root = new Yaml(new SafeConstructor(options)).load(in);
        } catch (YAMLException e) {
            out.add(new Violation("--answers", name, "is not valid YAML: " + reason(e), "a YAML map of option ids to values"));
            return Map.of();
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            out.add(new Violation("--answers", name, "is not a YAML map", "a YAML map of option ids to values"));
            return Map.of();
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", map, flat, out);
        return flat;
    }

    /** The parser's own problem and where it is, without its multi-line excerpt. */
    public static String reason(YAMLException e) {
        if (e instanceof MarkedYAMLException m && m.getProblem() != null) {
            Mark mark = m.getProblemMark();
            return m.getProblem() + (mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")");
        }
        return e.getMessage() == null ? "malformed" : e.getMessage().lines().findFirst().orElse("malformed");
    }

    private void flatten(String prefix, Map<?, ?> map, Map<String, Object> flat, List<Violation> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String id = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> inner && catalog.find(id).isEmpty()) {
                flatten(id + ".", inner, flat, out);
            } else if (flat.put(id, e.getValue()) != null) {
                out.add(new Violation(id, null, "is given twice", "each option once"));
            }
        }
    }
}
