package dev.chartsec.audit;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Kubernetes label selector as the API defines it: every matchLabels entry and every matchExpressions
 * requirement (In, NotIn, Exists, DoesNotExist) must hold; an empty selector selects everything.
 */
final class LabelSelector {
    private LabelSelector() {
    }

    static boolean matches(Object selector, Map<?, ?> labels) {
        if (!(selector instanceof Map<?, ?> s)) {
            return selector == null;
        }
        if (s.get("matchLabels") instanceof Map<?, ?> match) {
            for (Map.Entry<?, ?> e : match.entrySet()) {
                if (!Objects.equals(labels.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
        }
        for (Object expression : Trees.list(s.get("matchExpressions"))) {
            Object key = Trees.get(expression, "key");
            List<?> values = Trees.list(Trees.get(expression, "values"));
            boolean has = labels.containsKey(key);
            boolean holds = switch (String.valueOf(Trees.get(expression, "operator"))) {
                case "In" -> has && values.contains(labels.get(key));
                case "NotIn" -> !has || !values.contains(labels.get(key));
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> false; // the API refuses other operators; select nothing rather than everything
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    /** Whether the selector is empty, so it selects every pod. */
    static boolean selectsAll(Object selector) {
        return selector == null || selector instanceof Map<?, ?> s && Trees.list(s.get("matchExpressions")).isEmpty()
                && (!(s.get("matchLabels") instanceof Map<?, ?> m) || m.isEmpty());
    }
}
