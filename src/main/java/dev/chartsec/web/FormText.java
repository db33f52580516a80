package dev.chartsec.web;

import java.util.Collection;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A value in the text form that {@code --set}, query parameters and the web form's fields share (read back by
 * {@link dev.chartsec.option.FlagValues}): scalars as they are, lists and maps as YAML flow nodes, nothing as "".
 */
public final class FormText {
    private static final Yaml FLOW;

    static {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        FLOW = new Yaml(options);
    }

    private FormText() {
    }

    public static String of(Object value) {
        if (value == null || value instanceof Collection<?> c && c.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty()) {
            return "";
        }
        if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
            return FLOW.dump(value).strip();
        }
        return String.valueOf(value);
    }
}
