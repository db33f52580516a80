package dev.chartsec.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.chartsec.option.ChartSpec;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.option.SecretEnvName;
import dev.chartsec.rules.ClusterDns;
import dev.chartsec.rules.SecurityRules;

/**
 * What the templates see: {@code a}, the answers nested by their dotted ids ({@code a.image.tag}), and
 * {@code d}, the few values derived from several answers (the resources of a preset, the writable
 * directories with /tmp, the secret items).
 */
final class ChartModel {
    static final String TMP = "/tmp";
    static final String TMP_SIZE = "64Mi";
    /** The release and namespace the chart's README uses in its commands. */
    static final String README_RELEASE = "my-release";
    static final String README_NAMESPACE = "my-namespace";

    private ChartModel() {
    }

    static Map<String, Object> answers(ChartSpec spec) {
        Map<String, Object> root = new LinkedHashMap<>();
        spec.values().forEach((id, value) -> put(root, id, value));
        return root;
    }

    /** Whether the chart's kind takes traffic (Deployment, StatefulSet): the serving-only options apply. */
    static boolean serving(ChartSpec spec) {
        return spec.applies("service.type");
    }

    /** Whether clients outside the cluster reach the Service (NodePort or LoadBalancer, for a kind that serves). */
    static boolean outsideClients(ChartSpec spec) {
        return serving(spec) && !"ClusterIP".equals(spec.text("service.type"));
    }

    /** The derived facts values.schema.json reads: the same for every chart. */
    static Map<String, Object> schemaConstants() {
        return Map.of("chartLabelKeysPattern", SecurityRules.chartLabelKeysPattern(),
                "reservedAnnotationsPattern", SecurityRules.reservedAnnotationsPattern());
    }

    static Map<String, Object> derived(ChartSpec spec, OptionCatalog catalog) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("resources", resources(spec, catalog));
        d.put("ingressController", ingressController(spec, catalog));
        List<Map<String, Object>> dirs = new ArrayList<>();
        dirs.add(Map.of("path", TMP, "sizeLimit", TMP_SIZE));
        dirs.addAll(spec.list("writableDirs"));
        d.put("writableDirs", dirs);
        d.put("initContainers", extraContainers(spec.list("initContainers"), catalog));
        d.put("sidecars", extraContainers(spec.list("sidecars"), catalog));
        List<Map<String, Object>> items = new ArrayList<>();
        for (String key : spec.<String>list("secrets.keys")) {
            items.add(Map.of("key", key, "envName", SecretEnvName.of(key)));
        }
        d.put("secretItems", items);
        d.put("affinity", affinity(spec));
        d.put("extraObjects", spec.<String>list("extraObjects").stream().map(dev.chartsec.option.Manifest::object).toList());
        d.put("internetExcept", SecurityRules.INTERNET_EXCEPT);
        d.put("dns", ClusterDns.of(spec.flag("securityContext.openshift")));
        d.putAll(schemaConstants());
        d.put("lintCommand", InstallCommand.lint("."));
        d.put("installCommand", InstallCommand.install(spec, README_RELEASE, ".", README_NAMESPACE));
        d.put("testCommand", InstallCommand.test(README_RELEASE, README_NAMESPACE));
        d.put("helm3Install", InstallCommand.helm3Namespace(spec, README_RELEASE, ".", README_NAMESPACE));
        return d;
    }

    /** values.yaml's affinity: the required node affinity the answers name, or nothing. */
    private static Map<String, Object> affinity(ChartSpec spec) {
        List<Map<String, Object>> expressions = new ArrayList<>();
        for (Map<String, Object> e : spec.<Map<String, Object>>list("scheduling.nodeAffinity")) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("key", e.get("key"));
            x.put("operator", e.get("operator"));
            if (!((List<?>) e.get("values")).isEmpty()) {
                x.put("values", e.get("values"));
            }
            expressions.add(x);
        }
        if (expressions.isEmpty()) {
            return Map.of();
        }
        return Map.of("nodeAffinity", Map.of("requiredDuringSchedulingIgnoredDuringExecution",
                Map.of("nodeSelectorTerms", List.of(Map.of("matchExpressions", expressions)))));
    }

    /** The namespace and pod labels of the pods that forward outside traffic: the preset's, or the answers'. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> ingressController(ChartSpec spec, OptionCatalog catalog) {
        String preset = spec.text("networkPolicy.ingressController.preset");
        if (!"custom".equals(preset)) {
            return (Map<String, Object>) catalog.get("networkPolicy.ingressController.preset").presets().get(preset);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("namespace", spec.text("networkPolicy.ingressController.namespace"));
        c.put("podLabels", spec.map("networkPolicy.ingressController.podLabels"));
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resources(ChartSpec spec, OptionCatalog catalog) {
        String preset = spec.text("resources.preset");
        if (!"custom".equals(preset)) {
            return (Map<String, Object>) catalog.get("resources.preset").presets().get(preset);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        for (String kind : List.of("requests", "limits")) {
            Map<String, Object> figures = new LinkedHashMap<>();
            for (String resource : List.of("cpu", "memory", "ephemeral-storage")) {
                // the presets' key, which the values template reads
                figures.put(resource.equals("ephemeral-storage") ? "ephemeralStorage" : resource, spec.text("resources." + kind + "." + resource));
            }
            r.put(kind, figures);
        }
        return r;
    }

    /** Init containers and sidecars as values.yaml lists them: each preset name replaced by its figures. */
    private static List<Map<String, Object>> extraContainers(List<Map<String, Object>> answered, OptionCatalog catalog) {
        Map<String, Object> presets = catalog.get("resources.preset").presets();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> c : answered) {
            Map<String, Object> container = new LinkedHashMap<>(c);
            container.put("resources", presets.get((String) c.get("resources")));
            out.add(container);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String id, Object value) {
        String[] parts = id.split("\\.");
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
        }
        node.put(parts[parts.length - 1], value);
    }

    /** Answers as an answers file holds them: the options that apply, and any other that differs from its default. */
    static List<Map.Entry<String, Object>> answersToKeep(ChartSpec spec, OptionCatalog catalog) {
        List<Map.Entry<String, Object>> kept = new ArrayList<>();
        spec.values().forEach((id, value) -> {
            if (spec.applies(id) || !value.equals(catalog.get(id).defaultOrEmpty())) {
                kept.add(Map.entry(id, value));
            }
        });
        return kept;
    }

    /** Patterns, bounds and choices of every option, for values.schema.json: keyed by id with '_' for '.'. */
    static Map<String, Object> schemaFacts(OptionCatalog catalog) {
        Map<String, Object> facts = new TreeMap<>();
        catalog.options().forEach(o -> facts.put(o.id().replace('.', '_'), SchemaFacts.of(o)));
        return facts;
    }
}
