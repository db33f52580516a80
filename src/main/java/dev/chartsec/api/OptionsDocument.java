package dev.chartsec.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chartsec.generate.JsonText;
import dev.chartsec.option.Option;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.option.OptionType;

/**
 * GET /api/v1/options: the option catalog for clients, and a JSON Schema (draft-07) of the request body,
 * both made from the same catalog. Built once; its ETag is its hash.
 */
final class OptionsDocument {
    final byte[] json;
    final String etag;

    OptionsDocument(OptionCatalog catalog, String version) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", version);
        List<Object> options = new ArrayList<>();
        catalog.options().forEach(o -> options.add(describe(o)));
        doc.put("options", options);
        doc.put("requestSchema", requestSchema(catalog));
        this.json = JsonText.write(doc).getBytes(StandardCharsets.UTF_8);
        this.etag = ChartService.etag(json);
    }

    static Map<String, Object> describe(Option o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        if (o.group() != null) {
            m.put("group", o.group());
        }
        m.put("type", o.type().id());
        if (o.hasDefault()) {
            m.put("default", o.defaultValue());
        }
        m.put("required", o.required());
        if (o.pattern() != null) {
            m.put("pattern", "^(" + o.pattern().pattern() + ")$");
        }
        m.put("allowed", o.allowedText());
        put(m, "choices", o.choices());
        put(m, "min", o.min());
        put(m, "max", o.max());
        put(m, "maxLength", o.maxLength());
        put(m, "maxItems", o.maxItems());
        if (!o.refused().isEmpty()) {
            m.put("refused", o.refused());
        }
        if (!o.when().isEmpty()) {
            m.put("when", o.when());
        }
        if (o.item() != null) {
            m.put("item", describe(o.item()));
        }
        if (o.fields() != null) {
            List<Object> fields = new ArrayList<>();
            o.fields().forEach(f -> fields.add(describe(f)));
            m.put("fields", fields);
        }
        if (o.key() != null) {
            m.put("key", describe(o.key()));
            m.put("value", describe(o.value()));
        }
        if (!o.presets().isEmpty()) {
            m.put("presets", o.presets());
        }
        put(m, "prompt", o.prompt());
        put(m, "help", o.help());
        return m;
    }

    static Map<String, Object> requestSchema(OptionCatalog catalog) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("title", "chartsec answers");
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        schema.put("required", List.of("chart.name"));
        Map<String, Object> properties = new LinkedHashMap<>();
        catalog.options().forEach(o -> properties.put(o.id(), schemaOf(o)));
        schema.put("properties", properties);
        return schema;
    }

    static Map<String, Object> schemaOf(Option o) {
        Map<String, Object> s = new LinkedHashMap<>();
        switch (o.type()) {
            case TEXT -> {
                s.put("type", "string");
                if (o.pattern() != null) {
                    s.put("pattern", "^(" + o.pattern().pattern() + ")$");
                }
                put(s, "maxLength", o.maxLength());
                if (!o.refused().isEmpty()) {
                    s.put("not", Map.of("enum", List.copyOf(o.refused().keySet())));
                }
            }
            case CHOICE -> s.put("enum", o.choices());
            case INTEGER -> {
                s.put("type", "integer");
                put(s, "minimum", o.min());
                put(s, "maximum", o.max());
            }
            case BOOLEAN -> s.put("type", "boolean");
            case LIST -> {
                s.put("type", "array");
                put(s, "maxItems", o.maxItems());
                s.put("items", schemaOf(o.item()));
            }
            case MAP -> {
                s.put("type", "object");
                put(s, "maxProperties", o.maxItems());
                Map<String, Object> names = new LinkedHashMap<>();
                names.put("type", "string");
                if (o.key().pattern() != null) {
                    names.put("pattern", "^(" + o.key().pattern().pattern() + ")$");
                }
                s.put("propertyNames", names);
                s.put("additionalProperties", schemaOf(o.value()));
            }
            case OBJECT -> {
                s.put("type", "object");
                s.put("additionalProperties", false);
                Map<String, Object> props = new LinkedHashMap<>();
                List<String> required = new ArrayList<>();
                for (Option f : o.fields()) {
                    props.put(f.id(), schemaOf(f));
                    if (f.required()) {
                        required.add(f.id());
                    }
                }
                s.put("properties", props);
                if (!required.isEmpty()) {
                    s.put("required", required);
                }
            }
        }
        if (o.type() != OptionType.OBJECT && o.help() != null) {
            s.put("description", o.help());
        }
        return s;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
