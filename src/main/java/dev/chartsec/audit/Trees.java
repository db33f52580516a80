package dev.chartsec.audit;

import java.util.List;

/** Look-ups in parsed YAML (maps and lists), where any step may be missing. */
public final class Trees {
    private Trees() {
    }

    /** The value at {@code path}, or null when any step is missing or not a map. */
    public static Object get(Object root, String... path) {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof java.util.Map<?, ?> m)) {
                return null;
            }
            node = m.get(key);
        }
        return node;
    }

    /** The value as a list, or an empty list when it is not one. */
    public static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }
}
