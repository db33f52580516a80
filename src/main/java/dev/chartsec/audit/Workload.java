package dev.chartsec.audit;

import java.util.Map;

/** A rendered object that runs pods, with its pod template's metadata and spec. */
record Workload(Map<String, Object> doc, String kind, String name, String specPath, Map<String, Object> metadata,
        Map<String, Object> spec) {

    @SuppressWarnings("unchecked")
    static Workload of(Map<String, Object> doc) {
        String kind = String.valueOf(doc.get("kind"));
        String name = kind + "/" + Trees.get(doc, "metadata", "name");
        Object ns = Trees.get(doc, "metadata", "namespace");
        if (ns != null) {
            name += " (" + ns + ")";
        }
        String[] template = switch (kind) {
            case "Pod" -> new String[] {};
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController" -> new String[] {"spec", "template"};
            case "CronJob" -> new String[] {"spec", "jobTemplate", "spec", "template"};
            default -> null;
        };
        if (template == null) {
            return null;
        }
        Object pod = template.length == 0 ? doc : Trees.get(doc, template);
        Object metadata = Trees.get(pod, "metadata");
        Object spec = Trees.get(pod, "spec");
        return new Workload(doc, kind, name, template.length == 0 ? "spec" : String.join(".", template) + ".spec",
                metadata instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(),
                spec instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of());
    }

    Object labels() {
        Object labels = metadata.get("labels");
        return labels instanceof Map<?, ?> ? labels : Map.of();
    }

    boolean isHook() {
        return Trees.get(doc, "metadata", "annotations", "helm.sh/hook") != null;
    }

    String containerPath(Map<String, Object> container) {
        return specPath + ".containers[" + container.get("name") + "]";
    }
}
