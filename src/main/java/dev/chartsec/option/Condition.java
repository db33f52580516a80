package dev.chartsec.option;

import java.util.List;
import java.util.Map;

/** Evaluates an option's {@code when}: every named option must hold one of the listed values. */
final class Condition {
    private Condition() {
    }

    static boolean holds(Map<String, List<Object>> when, Map<String, Object> values) {
        for (Map.Entry<String, List<Object>> e : when.entrySet()) {
            if (!e.getValue().contains(values.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
