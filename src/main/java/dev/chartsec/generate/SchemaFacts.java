package dev.chartsec.generate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chartsec.option.Option;
import dev.chartsec.rules.SecurityRules;

/** One option's rules in the form values.schema.json states them, so the schema and the catalog cannot drift. */
final class SchemaFacts {
    private SchemaFacts() {
    }

    static Map<String, Object> of(Option o) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (o.pattern() != null) {
            f.put("pattern", anchored(o.pattern().pattern()));
            // a value that applies only in some modes is empty in the others
            f.put("patternOrEmpty", anchored("(" + o.pattern().pattern() + ")?"));
        }
        if (o.choices() != null) {
            f.put("choices", o.choices());
        }
        f.put("min", o.min());
        f.put("max", o.max());
        f.put("maxItems", o.maxItems());
        f.put("maxLength", o.maxLength());
        f.put("refused", List.copyOf(o.refused().keySet()));
        if (o.item() != null) {
            if (o.item().pattern() != null) {
                f.put("itemPattern", anchored(o.item().pattern().pattern()));
            }
            if (o.item().choices() != null) {
                f.put("itemChoices", o.item().choices());
            }
            if (o.item().fields() != null) {
                Map<String, Object> fields = new LinkedHashMap<>();
                o.item().fields().forEach(field -> fields.put(field.id(), of(field)));
                f.put("fields", fields);
            }
        }
        if (o.key() != null && o.key().pattern() != null) {
            f.put("keyPattern", anchored(o.key().pattern().pattern()));
        }
        if (o.value() != null && o.value().pattern() != null) {
            f.put("valuePattern", anchored(o.value().pattern().pattern()));
        }
        if ("not-secret-like".equals(o.key() == null ? null : o.key().check())) {
            f.put("secretLikePattern", SecurityRules.SECRET_LIKE.pattern());
        }
        if ("rbac-least-privilege".equals(o.check())) {
            f.put("dangerousResources", SecurityRules.DANGEROUS_RESOURCES);
        }
        return f;
    }

    private static String anchored(String pattern) {
        return "^(" + pattern + ")$";
    }
}
