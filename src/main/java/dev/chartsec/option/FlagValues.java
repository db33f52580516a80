package dev.chartsec.option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code --set id=value} flags (and query parameters) into typed answers, as the catalog types them:
 * lists as {@code a,b,c} or a YAML flow sequence, maps as {@code k=v,k2=v2} or a YAML flow map. A value
 * that does not parse stays text, so the validator reports it with the option's allowed values.
 */
public final class FlagValues {
    private final OptionCatalog catalog;

    public FlagValues(OptionCatalog catalog) {
        this.catalog = catalog;
    }

    /** Parses {@code id=value} flags; malformed ones are added to {@code out}. */
    public Map<String, Object> parse(List<String> flags, List<Violation> out) {
        Map<String, Object> answers = new LinkedHashMap<>();
        for (String flag : flags) {
            Optional<Map.Entry<String, String>> pair = ValueSyntax.keyValue(flag);
            if (pair.isEmpty()) {
                out.add(new Violation("--set", flag, "is not of the form id=value", "id=value, for example image.tag=1.2.3"));
                continue;
            }
            String id = pair.get().getKey();
            answers.put(id, value(id, flag.substring(flag.indexOf('=') + 1), out));
        }
        return answers;
    }

    /** One option's value from its text form. */
    public Object value(String id, String text, List<Violation> out) {
        // a former id is read as the option it names now; the validator warns about the name
        Option o = catalog.find(id).or(() -> java.util.Optional.ofNullable(catalog.renamedTo(id)).flatMap(catalog::find)).orElse(null);
        if (o == null) {
            return text;
        }
        String t = text.strip();
        return switch (o.type()) {
            case INTEGER -> orText(ValueSyntax.whole(t), text);
            case BOOLEAN -> orText(ValueSyntax.bool(t), text);
            case LIST -> t.startsWith("[") ? flow(id, t, out) : t.isEmpty() ? List.of() : split(t);
            case MAP -> t.startsWith("{") ? flow(id, t, out) : t.isEmpty() ? Map.of() : pairs(id, t, out);
            default -> text;
        };
    }

    /** The parsed value, or the text itself when it did not parse (the validator then says what is allowed). */
    private static Object orText(Object parsed, String text) {
        return parsed != null ? parsed : text;
    }

    private static List<Object> split(String t) {
        List<Object> items = new ArrayList<>();
        for (String s : t.split(",", -1)) {
            items.add(s.strip());
        }
        return items;
    }

    private static Object pairs(String id, String t, List<Violation> out) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String pair : t.split(",", -1)) {
            Optional<Map.Entry<String, String>> kv = ValueSyntax.keyValue(pair);
            if (kv.isEmpty()) {
                out.add(new Violation(id, pair, "is not of the form key=value", "key=value pairs separated by commas, or a YAML flow map"));
                continue;
            }
            m.put(kv.get().getKey(), kv.get().getValue());
        }
        return m;
    }

    private static Object flow(String id, String t, List<Violation> out) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(0);
        options.setNestingDepthLimit(10);
        options.setCodePointLimit(1 << 20);
        try {
            return ValueSyntax.yaml(options).load(t);
        } catch (YAMLException e) {
            out.add(new Violation(id, t, "is not a valid YAML flow value: " + AnswersFile.reason(e),
                    "a YAML flow sequence [a, b] or map {k: v}"));
            return null;
        }
    }
}
