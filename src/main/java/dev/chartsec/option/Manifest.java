package dev.chartsec.option;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;

/**
 * One user manifest of {@code extraObjects}: a Kubernetes object written as YAML or JSON text, read as data
 * (the safe loader: no tags, no timestamps, plain numbers), never as template code. The chart renders it as
 * given; {@code chartsec audit} holds it to the same standard as the chart's own objects.
 */
public final class Manifest {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private Manifest() {
    }

    /** The object, or the reason it is not one (a message for a Violation). */
    public sealed interface Read permits Parsed, Refused {
    }

    public record Parsed(Map<String, Object> object) implements Read {
    }

    public record Refused(String problem) implements Read {
    }

    @SuppressWarnings("unchecked")
    public static Read read(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(0);
        options.setNestingDepthLimit(30);
        Object doc;
        try {
            List<Object> docs = new java.util.ArrayList<>();
            ValueSyntax.yaml(options).loadAll(text).forEach(docs::add);
            docs.removeIf(java.util.Objects::isNull);
            if (docs.size() != 1) {
                return new Refused("holds " + docs.size() + " documents, not one object");
            }
            doc = docs.get(0);
        } catch (RuntimeException e) {
            return new Refused("is not YAML or JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (!(doc instanceof Map<?, ?> map) || !map.keySet().stream().allMatch(String.class::isInstance)) {
            return new Refused("is not a Kubernetes object (a mapping with apiVersion, kind and metadata)");
        }
        Map<String, Object> object = (Map<String, Object>) map;
        if (!(object.get("apiVersion") instanceof String v) || v.isBlank() || !(object.get("kind") instanceof String k) || k.isBlank()) {
            return new Refused("has no apiVersion or kind");
        }
        if (!(object.get("metadata") instanceof Map<?, ?> metadata) || !(metadata.get("name") instanceof String name)
                || name.length() > 253 || !NAME.matcher(name).matches()) {
            return new Refused("has no metadata.name that is a DNS-1123 subdomain");
        }
        return new Parsed(object);
    }

    /** The object of a manifest the validator accepted. */
    public static Map<String, Object> object(String text) {
        if (read(text) instanceof Parsed p) {
            return p.object();
        }
        throw new IllegalArgumentException("not a validated manifest");
    }

    /** An object given as data, as the YAML text the option holds. */
    static String text(Map<?, ?> object) {
        org.yaml.snakeyaml.DumperOptions dump = new org.yaml.snakeyaml.DumperOptions();
        dump.setDefaultFlowStyle(org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
        return new org.yaml.snakeyaml.Yaml(dump).dump(object);
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
