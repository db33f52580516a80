package dev.chartsec.option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
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
        if (Files.isDirectory(file)) {
            out.add(new Violation("--answers", file.toString(), "is a directory, not a file", "a readable YAML file"));
            return Map.of();
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                out.add(new Violation("--answers", file.toString(), "is larger than 1 MiB", "a YAML map of option ids to values"));
                return Map.of();
            }
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, file.toString(), out);
            }
        } catch (IOException e) {
            out.add(new Violation("--answers", file.toString(), problem(e), "a readable YAML file"));
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
            root = ValueSyntax.yaml(options).load(in);
        } catch (YAMLException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                out.add(new Violation("--answers", name, "is not UTF-8 text", "a YAML map of option ids to values"));
                return Map.of();
            }
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

    /** Why a file cannot be read, in the user's words. */
    private static String problem(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "does not exist";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "cannot be read: permission denied";
        }
        return "cannot be read" + (e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                ? ": " + f.getReason().toLowerCase(java.util.Locale.ROOT) : "");
    }

    /** The parser's own problem and where it is, without its multi-line excerpt. */
    public static String reason(YAMLException e) {
        if (e instanceof MarkedYAMLException m && m.getProblem() != null) {
            Mark mark = m.getProblemMark();
            return m.getProblem() + (mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")");
        }
        return e.getMessage() == null ? "malformed" : e.getMessage().lines().findFirst().orElse("malformed");
    }

    /** The values answers are made of; a tagged YAML type (bytes, sets, dates) is not one. */
    private static boolean readable(Object v) {
        if (v instanceof List<?> l) {
            return l.stream().allMatch(AnswersFile::readable);
        }
        if (v instanceof Map<?, ?> m) {
            return m.values().stream().allMatch(AnswersFile::readable);
        }
        return v == null || v instanceof String || v instanceof Boolean || v instanceof Number;
    }

    private void flatten(String prefix, Map<?, ?> map, Map<String, Object> flat, List<Violation> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String id = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> inner && catalog.find(id).isEmpty()) {
                flatten(id + ".", inner, flat, out);
            } else if (!readable(e.getValue())) {
                out.add(new Violation(id, null, "is a YAML value chartsec does not read (a !!binary, !!set or !!timestamp)",
                        "text, a number, true/false, a list or a map"));
            } else if (flat.put(id, e.getValue()) != null) {
                out.add(new Violation(id, null, "is given twice", "each option once"));
            }
        }
    }
}
