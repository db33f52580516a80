package dev.chartsec.generate;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.chartsec.io.ClasspathResource;
import dev.chartsec.option.ChartSpec;

/**
 * The scanner checks a chosen value makes fail by its nature, read from conformance/exemptions.yaml: the
 * one list that the chart's README, the wizard's summary and the conformance suite all use.
 */
public final class Exemptions {
    static final String RESOURCE = "conformance/exemptions.yaml";
    /** The kind an exemption names for the chart's Deployment, StatefulSet, CronJob or Job alike. */
    public static final String WORKLOAD = "workload";
    private static volatile List<Exemption> standard;

    /**
     * @param kind  the kind of object it concerns (Pod, CronJob), {@value #WORKLOAD} for the chart's workload
     *              whatever its kind, or null for any
     * @param when  option id to the values it must have; all must hold
     * @param below option id to a number its value must be under; all must hold
     */
    public record Exemption(String scanner, String check, String kind, Map<String, List<Object>> when,
            Map<String, Long> below, String reason) {

        public boolean appliesTo(ChartSpec spec) {
            return when.entrySet().stream().allMatch(e -> e.getValue().contains(spec.values().get(e.getKey())))
                    && below.entrySet().stream().allMatch(e -> ((Long) spec.values().get(e.getKey())) < e.getValue());
        }

        /** Whether it may explain a finding on an object of this kind in the chart of these answers. */
        public boolean concerns(String objectKind, ChartSpec spec) {
            return kind == null || kind.equals(objectKind) || WORKLOAD.equals(kind) && objectKind.equals(spec.text("kind"));
        }

        /** "scanner check (kind): reason", the workload named by its kind in these answers. */
        public String text(ChartSpec spec) {
            String on = WORKLOAD.equals(kind) ? spec.text("kind") : kind;
            return scanner + " " + check + (on == null ? "" : " (" + on + ")") + ": " + reason;
        }
    }

    private Exemptions() {
    }

    public static List<Exemption> all() {
        List<Exemption> e = standard;
        if (e == null) {
            standard = e = parse(ClasspathResource.stream(RESOURCE));
        }
        return e;
    }

    public static List<Exemption> forSpec(ChartSpec spec) {
        return all().stream().filter(e -> e.appliesTo(spec)).toList();
    }

    @SuppressWarnings("unchecked")
    static List<Exemption> parse(InputStream in) {
        Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        List<Exemption> list = new ArrayList<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) root.get("exemptions")) {
            Map<String, List<Object>> when = new LinkedHashMap<>();
            ((Map<String, Object>) e.getOrDefault("when", Map.of())).forEach((k, v) -> {
                List<Object> values = new ArrayList<>();
                for (Object x : v instanceof List<?> l ? l : List.of(v)) {
                    values.add(x instanceof Integer i ? (Object) i.longValue() : x); // options hold whole numbers as Long
                }
                when.put(k, values);
            });
            Map<String, Long> below = new LinkedHashMap<>();
            ((Map<String, Object>) e.getOrDefault("below", Map.of())).forEach((k, v) -> below.put(k, ((Number) v).longValue()));
            list.add(new Exemption((String) e.get("scanner"), (String) e.get("check"), (String) e.get("kind"), when, below,
                    ((String) e.get("reason")).strip()));
        }
        return List.copyOf(list);
    }
}
