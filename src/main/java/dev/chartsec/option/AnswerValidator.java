package dev.chartsec.option;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns answers into a {@link ChartSpec}, or refuses them with every violation at once. Answers are typed
 * values as YAML or JSON give them ({@link FlagValues} turns {@code --set} strings into such values).
 */
public final class AnswerValidator {
    private final OptionCatalog catalog;

    public AnswerValidator(OptionCatalog catalog) {
        this.catalog = catalog;
    }

    public ChartSpec validate(Map<String, ?> asGiven) {
        List<Violation> violations = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        Map<String, Object> answers = new LinkedHashMap<>(asGiven);
        for (String id : new TreeMap<>(asGiven).keySet()) {
            String now = catalog.renamedTo(id);
            if (now != null) {
                // answers files and portals of an earlier release keep working, and learn the new name
                Object value = answers.remove(id);
                if (answers.containsKey(now)) {
                    violations.add(new Violation(id, value, "is the former name of " + now + ", which is answered too", "one of the two names"));
                } else {
                    answers.put(now, value);
                    warnings.add(new Warning(id, "is now called " + now + " (its values.yaml path); the former name still works"));
                }
            }
        }
        for (String id : new TreeMap<>(answers).keySet()) {
            if (catalog.find(id).isEmpty()) {
                violations.add(new Violation(id, null, "unknown option" + Suggestions.near(id, catalog.ids()),
                        "every option is listed by `chartsec options` and GET /api/v1/options"));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> applying = new LinkedHashSet<>();
        for (Option option : catalog.options()) {
            boolean applies = option.appliesWith(values);
            if (applies) {
                applying.add(option.id());
            }
            Object given = answers.get(option.id());
            if (!applies && isEmpty(given)) {
                given = null; // clients may send every field; an empty one for an unused option means no answer
            }
            Object value;
            if (given != null) {
                value = check(option, option.id(), given, violations, warnings);
            } else {
                value = option.defaultValue();
                if (value == null && option.required() && applies) {
                    violations.add(new Violation(option.id(), null, "an answer is required", option.allowedText()));
                }
            }
            values.put(option.id(), value == null ? option.defaultOrEmpty() : value);
        }
        if (violations.isEmpty()) {
            CrossChecks.check(values, applying, catalog.get("env").key().pattern(), violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidAnswersException(violations);
        }
        return new ChartSpec(Collections.unmodifiableMap(values), Collections.unmodifiableSet(applying),
                List.copyOf(warnings));
    }

    private static boolean isEmpty(Object given) {
        return "".equals(given) || given instanceof List<?> l && l.isEmpty() || given instanceof Map<?, ?> m && m.isEmpty();
    }

    /** One answer checked alone: its typed value, or why it is refused. */
    public record Checked(Object value, List<Violation> violations, List<Warning> warnings) {
        public boolean ok() {
            return violations.isEmpty();
        }
    }

    /** Checks a single answer (or list item, map key or value, object field) against its declaration. */
    public static Checked checkOne(Option option, Object given) {
        List<Violation> violations = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        Object value = check(option, option.id(), given, violations, warnings);
        return new Checked(value, List.copyOf(violations), List.copyOf(warnings));
    }

    /** Checks one value against its declaration; returns the typed value, or null after adding violations. */
    static Object check(Option o, String path, Object given, List<Violation> out, List<Warning> warnings) {
        int before = out.size();
        Object typed = switch (o.type()) {
            case TEXT -> text(o, path, given, out);
            case CHOICE -> choice(o, path, given, out);
            case INTEGER -> integer(o, path, given, out, warnings);
            case BOOLEAN -> bool(o, path, given, out);
            case LIST -> list(o, path, given, out, warnings);
            case MAP -> map(o, path, given, out, warnings);
            case OBJECT -> object(o, path, given, out, warnings);
        };
        if (typed != null && out.size() == before && o.check() != null) {
            NamedChecks.apply(o.check(), o, path, typed, out);
        }
        return out.size() == before ? typed : null;
    }

    private static String text(Option o, String path, Object given, List<Violation> out) {
        if (given instanceof Map<?, ?> object && "manifest".equals(o.check())) {
            given = Manifest.text(object); // a manifest given as an object (JSON bodies, --set) is kept as its text
        }
        if (!(given instanceof String s)) {
            out.add(new Violation(path, given, "must be text, not " + kind(given)
                    + (given instanceof Number ? " (quote it)" : ""), o.allowedText()));
            return null;
        }
        if (o.maxLength() != null && s.length() > o.maxLength()) {
            out.add(new Violation(path, s, "is " + s.length() + " characters long, more than " + o.maxLength(),
                    o.allowedText()));
            return null;
        }
        if (o.minLength() != null && s.length() < o.minLength()) {
            out.add(new Violation(path, s, "is shorter than " + o.minLength() + " characters", o.allowedText()));
            return null;
        }
        String bad = Text.unrepresentable(s);
        if (bad != null) {
            out.add(new Violation(path, s, "contains " + bad, o.allowedText()));
            return null;
        }
        if (o.pattern() != null && !o.pattern().matcher(s).matches()) {
            out.add(new Violation(path, s, "is not valid", o.allowedText()));
            return null;
        }
        String reason = o.refused().get(s);
        if (reason != null) {
            out.add(new Violation(path, s, "is refused: " + reason, o.allowedText()));
            return null;
        }
        return s;
    }

    private static String choice(Option o, String path, Object given, List<Violation> out) {
        if (!(given instanceof String s) || !o.choices().contains(s)) {
            out.add(new Violation(path, given, "is not one of the choices", o.allowedText()));
            return null;
        }
        return s;
    }

    private static Long integer(Option o, String path, Object given, List<Violation> out, List<Warning> warnings) {
        Long n = null;
        if (given instanceof Integer || given instanceof Long || given instanceof Short) {
            n = ((Number) given).longValue();
        } else if (given instanceof BigInteger b && b.bitLength() < 64) {
            n = b.longValue();
        } else if (given instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0
                && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
            n = d.longValueExact();
        }
        if (n == null) {
            if (given instanceof BigInteger || given instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
                out.add(new Violation(path, given, "is out of range", o.allowedText()));
            } else if (given instanceof String s && ValueSyntax.looksLikeOtherNumber(s)) {
                out.add(new Violation(path, given, "is not a plain decimal number (YAML reads 010 as 8 and 0x10 as 16)",
                        o.allowedText() + ", written in plain decimal"));
            } else {
                out.add(new Violation(path, given, "must be a whole number, not " + kind(given), o.allowedText()));
            }
            return null;
        }
        if (o.min() != null && n < o.min() || o.max() != null && n > o.max()) {
            out.add(new Violation(path, n, "is out of range", o.allowedText()));
            return null;
        }
        if (o.warnBelow() != null && n < o.warnBelow()) {
            warnings.add(new Warning(path, n + " is below " + o.warnBelow() + ": " + o.allowedText()));
        }
        return n;
    }

    private static Boolean bool(Option o, String path, Object given, List<Violation> out) {
        if (given instanceof Boolean b) {
            return b;
        }
        out.add(new Violation(path, given, "must be true or false, not " + kind(given), o.allowedText()));
        return null;
    }

    private static List<Object> list(Option o, String path, Object given, List<Violation> out, List<Warning> warnings) {
        if (!(given instanceof List<?> items)) {
            out.add(new Violation(path, given, "must be a list, not " + kind(given), o.allowedText()));
            return null;
        }
        if (o.maxItems() != null && items.size() > o.maxItems()) {
            out.add(new Violation(path, null, "has " + items.size() + " items, more than " + o.maxItems(),
                    o.allowedText()));
            return null;
        }
        List<Object> typed = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String itemPath = path + "[" + i + "]";
            if (item == null) {
                out.add(new Violation(itemPath, null, "is empty", o.item().allowedText()));
                continue;
            }
            typed.add(check(o.item(), itemPath, item, out, warnings));
        }
        return Collections.unmodifiableList(typed);
    }

    private static Map<String, String> map(Option o, String path, Object given, List<Violation> out, List<Warning> warnings) {
        if (!(given instanceof Map<?, ?> entries)) {
            out.add(new Violation(path, given, "must be a map, not " + kind(given), o.allowedText()));
            return null;
        }
        if (o.maxItems() != null && entries.size() > o.maxItems()) {
            out.add(new Violation(path, null, "has " + entries.size() + " entries, more than " + o.maxItems(),
                    o.allowedText()));
            return null;
        }
        Map<String, String> typed = new TreeMap<>();
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            Object k = check(o.key(), path + " key", e.getKey(), out, warnings);
            String entryPath = path + "[" + (e.getKey() instanceof String s ? Shown.quoted(s) : e.getKey()) + "]";
            Object v = e.getValue() == null ? null : check(o.value(), entryPath, e.getValue(), out, warnings);
            if (e.getValue() == null) {
                out.add(new Violation(entryPath, null, "has no value", o.value().allowedText()));
            }
            if (k != null && v != null) {
                typed.put((String) k, (String) v);
            }
        }
        return Collections.unmodifiableMap(typed);
    }

    private static Map<String, Object> object(Option o, String path, Object given, List<Violation> out, List<Warning> warnings) {
        if (!(given instanceof Map<?, ?> entries)) {
            out.add(new Violation(path, given, "must be an object, not " + kind(given), o.allowedText()));
            return null;
        }
        for (Object k : entries.keySet()) {
            if (!(k instanceof String name) || o.field(name).isEmpty()) {
                out.add(new Violation(path + "." + k, null, "unknown field", o.allowedText()));
            }
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        for (Option field : o.fields()) {
            Object v = entries.get(field.id());
            String fieldPath = path + "." + field.id();
            if (v == null) {
                if (field.required()) {
                    out.add(new Violation(fieldPath, null, "is required", field.allowedText()));
                }
                typed.put(field.id(), field.defaultOrEmpty());
            } else {
                typed.put(field.id(), check(field, fieldPath, v, out, warnings));
            }
        }
        return Collections.unmodifiableMap(typed);
    }

    static String kind(Object v) {
        if (v == null) {
            return "nothing";
        } else if (v instanceof String) {
            return "text";
        } else if (v instanceof Boolean) {
            return "a boolean";
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof BigInteger) {
            return "a whole number";
        } else if (v instanceof Number) {
            return "a decimal number";
        } else if (v instanceof List<?>) {
            return "a list";
        } else if (v instanceof Map<?, ?>) {
            return "a map";
        }
        return "a value of another kind";
    }
}
