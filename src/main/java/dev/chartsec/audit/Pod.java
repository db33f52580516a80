package dev.chartsec.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A pod's metadata and spec as parsed YAML, with the few look-ups the checks need. */
record Pod(Map<String, Object> metadata, Map<String, Object> spec) {

    /** Every container: regular, init and ephemeral. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> containers() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String kind : List.of("containers", "initContainers", "ephemeralContainers")) {
            for (Object c : Trees.list(spec.get(kind))) {
                if (c instanceof Map<?, ?> m) {
                    all.add((Map<String, Object>) m);
                }
            }
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> annotations() {
        Object a = metadata.get("annotations");
        return a instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
