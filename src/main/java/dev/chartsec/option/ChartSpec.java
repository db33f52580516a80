package dev.chartsec.option;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated chart specification: every option of the catalog resolved to a typed value (the answer
 * where one was given, else the default), which options apply, and the warnings the answers earned.
 * Only {@link AnswerValidator} makes one, so holding a ChartSpec means the answers were valid.
 *
 * <p>Value types: text and choice are {@code String}, integer {@code Long}, boolean {@code Boolean}, list
 * {@code List} (of {@code String} or of {@code Map<String, Object>}), map {@code Map<String, String>}
 * sorted by key.
 */
public record ChartSpec(Map<String, Object> values, Set<String> applying, List<Warning> warnings) {

    public String text(String id) {
        return (String) value(id);
    }

    public long integer(String id) {
        return (Long) value(id);
    }

    public boolean flag(String id) {
        return (Boolean) value(id);
    }

    @SuppressWarnings("unchecked")
    public <T> List<T> list(String id) {
        return (List<T>) value(id);
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> map(String id) {
        return (Map<String, String>) value(id);
    }

    /**
     * What the user chose: the chart's name, and every option that applies and differs from its default,
     * in catalog order. The wizard's summary, the equivalent command and the equivalent REST call show it.
     */
    public Map<String, Object> chosen(OptionCatalog catalog) {
        Map<String, Object> chosen = new java.util.LinkedHashMap<>();
        values.forEach((id, value) -> {
            if (id.equals("chart.name") || applies(id) && !value.equals(catalog.get(id).defaultOrEmpty())) {
                chosen.put(id, value);
            }
        });
        return chosen;
    }

    public boolean applies(String id) {
        return applying.contains(id);
    }

    /** A list option's items where it applies, none where it does not (a CronJob admits no extra sources). */
    public <T> List<T> appliedList(String id) {
        return applies(id) ? list(id) : List.of();
    }

    /** A yes/no option that is on and applies (a CronJob's probes are off whatever probes.*.enabled holds). */
    public boolean enabled(String id) {
        return applies(id) && flag(id);
    }

    private Object value(String id) {
        if (!values.containsKey(id)) {
            throw new IllegalArgumentException("no option '" + id + "'");
        }
        return values.get(id);
    }
}
