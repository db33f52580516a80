package dev.chartsec.option;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.chartsec.io.ClasspathResource;
import dev.chartsec.rules.SecurityRules;

/**
 * The option catalog, read once from {@code wizard/options.yaml} on the classpath. It is the only place
 * an option is declared; every front end (wizard, flags, answers files, REST) asks it.
 */
public final class OptionCatalog {
    public static final String RESOURCE = "wizard/options.yaml";

    private static final Set<String> OPTION_KEYS = Set.of("id", "group", "type", "default", "required", "pattern",
            "allowed", "minLength", "maxLength", "min", "max", "maxItems", "warnBelow", "refused", "choices", "item",
            "fields", "key", "value", "check", "when", "quick", "prompt", "help", "presets");

    private static volatile OptionCatalog standard;

    private final List<Option> options;
    private final Map<String, Option> byId;
    private final Map<String, String> renamed;

    private OptionCatalog(List<Option> options, Map<String, String> renamed) {
        this.options = List.copyOf(options);
        Map<String, Option> index = new LinkedHashMap<>();
        for (Option o : options) {
            if (index.put(o.id(), o) != null) {
                throw new IllegalStateException("option '" + o.id() + "' is declared twice");
            }
            for (String dependency : o.when().keySet()) {
                if (!index.containsKey(dependency) || dependency.equals(o.id())) {
                    throw new IllegalStateException("option '" + o.id() + "' depends on '" + dependency
                            + "', which must be declared before it");
                }
            }
        }
        this.byId = Collections.unmodifiableMap(index);
        renamed.forEach((old, now) -> {
            if (!index.containsKey(now) || index.containsKey(old)) {
                throw new IllegalStateException("renamed option '" + old + "' must name a current option instead of '" + now + "'");
            }
        });
        this.renamed = Map.copyOf(renamed);
    }

    /** The catalog shipped with chartsec, parsed on first use. */
    public static OptionCatalog standard() {
        OptionCatalog c = standard;
        if (c == null) {
            synchronized (OptionCatalog.class) {
                c = standard;
                if (c == null) {
                    c = parse(ClasspathResource.stream(RESOURCE));
                    standard = c;
                }
            }
        }
        return c;
    }

    public static OptionCatalog parse(InputStream yaml) {
        LoaderOptions loader = new LoaderOptions();
        loader.setAllowDuplicateKeys(false);
        Map<String, Object> root = new Yaml(new SafeConstructor(loader)).load(yaml);
        List<Option> options = new ArrayList<>();
        for (Object entry : list(root.get("options"), "options")) {
            options.add(option(map(entry, "option"), null));
        }
        Map<String, String> renamed = new LinkedHashMap<>();
        map(root.getOrDefault("renamed", Map.of()), "renamed").forEach((old, now) -> renamed.put(old, (String) now));
        return new OptionCatalog(options, renamed);
    }

    public List<Option> options() {
        return options;
    }

    public Optional<Option> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Option get(String id) {
        Option o = byId.get(id);
        if (o == null) {
            throw new IllegalArgumentException("no option '" + id + "'");
        }
        return o;
    }

    public Set<String> ids() {
        return byId.keySet();
    }

    /** The option an id of an earlier release names now (the values path), or null when it was not renamed. */
    public String renamedTo(String formerId) {
        return renamed.get(formerId);
    }

    private static Option option(Map<String, Object> m, String implicitId) {
        for (String k : m.keySet()) {
            if (!OPTION_KEYS.contains(k)) {
                throw new IllegalStateException("unknown catalog field '" + k + "' in " + m.get("id"));
            }
        }
        String id = m.containsKey("id") ? (String) m.get("id") : implicitId;
        OptionType type = m.containsKey("type") ? OptionType.of((String) m.get("type")) : OptionType.TEXT;
        Option item = m.containsKey("item") ? option(map(m.get("item"), "item"), id + "[]") : null;
        List<Option> fields = null;
        if (m.containsKey("fields")) {
            fields = new ArrayList<>();
            for (Object f : list(m.get("fields"), "fields")) {
                fields.add(option(map(f, "field"), null));
            }
            type = OptionType.OBJECT;
        }
        Option key = m.containsKey("key") ? option(map(m.get("key"), "key"), id + " key") : null;
        Option value = m.containsKey("value") ? option(map(m.get("value"), "value"), id + " value") : null;
        if (type == OptionType.LIST && item == null || type == OptionType.MAP && (key == null || value == null)) {
            throw new IllegalStateException("option '" + id + "' lacks its item, key or value declaration");
        }
        Map<String, String> refused = new TreeMap<>();
        if (m.get("refused") != null) {
            map(m.get("refused"), "refused").forEach((k, v) -> refused.put(k, String.valueOf(v)));
        }
        Map<String, List<Object>> when = new LinkedHashMap<>();
        if (m.get("when") != null) {
            map(m.get("when"), "when").forEach((k, v) -> when.put(k, v instanceof List<?> l ? List.copyOf(l) : List.of(v)));
        }
        List<String> choices = m.containsKey("choices")
                ? list(m.get("choices"), "choices").stream().map(String::valueOf).toList() : null;
        if (type == OptionType.CHOICE && (choices == null || choices.isEmpty())) {
            throw new IllegalStateException("choice option '" + id + "' has no choices");
        }
        return new Option(id, (String) m.get("group"), type, typedDefault(type, m.get("default"), id),
                Boolean.TRUE.equals(m.get("required")),
                m.containsKey("pattern") ? Pattern.compile((String) m.get("pattern")) : null,
                (String) m.get("allowed"), integer(m.get("minLength")), integer(m.get("maxLength")),
                longValue(m.get("min")), longValue(m.get("max")), integer(m.get("maxItems")),
                longValue(m.get("warnBelow")), Collections.unmodifiableMap(refused), choices, item,
                fields == null ? null : List.copyOf(fields), key, value, (String) m.get("check"),
                Collections.unmodifiableMap(when), Boolean.TRUE.equals(m.get("quick")),
                (String) m.get("prompt"), withRules((String) m.get("help"), id),
                m.get("presets") == null ? Map.of() : Collections.unmodifiableMap(map(m.get("presets"), "presets")));
    }

    /**
     * Help texts name chartsec's own rules by reference ({@code [rules:rbac-refused]}), so the words a user
     * reads are the rules the validator and the audit apply; an unknown reference fails the catalog.
     */
    private static String withRules(String help, String id) {
        if (help == null || !help.contains("[rules:")) {
            return help;
        }
        String out = help.replace("[rules:rbac-refused]", SecurityRules.rbacRefusedText())
                .replace("[rules:secrets]", SecurityRules.secretsRuleText())
                .replace("[rules:internet-except]", SecurityRules.internetExceptText())
                .replace("[rules:chart-labels]", String.join(", ", SecurityRules.CHART_LABEL_KEYS))
                .replace("[rules:reserved-annotations]", String.join(", ", SecurityRules.RESERVED_ANNOTATION_PREFIXES.keySet()));
        if (out.contains("[rules:")) {
            throw new IllegalStateException("option '" + id + "' names an unknown rule in its help: " + out);
        }
        return out;
    }

    private static Object typedDefault(OptionType type, Object raw, String id) {
        if (raw == null) {
            return null;
        }
        Object typed = switch (type) {
            case INTEGER -> raw instanceof Number n ? n.longValue() : null;
            case BOOLEAN -> raw instanceof Boolean ? raw : null;
            case TEXT, CHOICE -> raw instanceof String ? raw : null;
            case LIST -> raw instanceof List<?> l ? List.copyOf(l) : null;
            case MAP -> raw instanceof Map<?, ?> mm ? Collections.unmodifiableMap(new TreeMap<>(mm)) : null;
            case OBJECT -> null;
        };
        if (typed == null) {
            throw new IllegalStateException("default of '" + id + "' is not a " + type.id());
        }
        return typed;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalStateException(what + " must be a map in " + RESOURCE);
        }
        return (Map<String, Object>) o;
    }

    private static List<?> list(Object o, String what) {
        if (!(o instanceof List<?> l)) {
            throw new IllegalStateException(what + " must be a list in " + RESOURCE);
        }
        return l;
    }

    private static Integer integer(Object o) {
        return o == null ? null : ((Number) o).intValue();
    }

    private static Long longValue(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }
}
