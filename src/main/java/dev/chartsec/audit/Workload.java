package dev.chartsec.audit;

import java.util.Map;

/**
 * A rendered object that runs pods, with its pod template: the raw metadata and spec (for the Pod Security
 * reader, which reports a value of the wrong type) and their paths in the object.
 */
record Workload(Map<String, Object> doc, String kind, String name, String metadataPath, Object rawMetadata,
        String specPath, Object rawSpec) {

    static Workload of(Map<String, Object> doc) {
        String kind = String.valueOf(doc.get("kind"));
        String name = kind + "/" + Trees.get(doc, "metadata", "name");
        Object ns = Trees.get(doc, "metadata", "namespace");
        if (ns != null) {
            name += " (" + ns + ")";
        }
        Object hook = Trees.get(doc, "metadata", "annotations", "helm.sh/hook");
        if (hook != null) {
            name += " [hook: " + hook + "]";
        }
        String[] template = switch (kind) {
            case "Pod" -> new String[] {};
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController" -> new String[] {"spec", "template"};
            case "CronJob" -> new String[] {"spec", "jobTemplate", "spec", "template"};
            case "PodTemplate" -> new String[] {"template"};
            default -> null;
        };
        if (template == null) {
            return null;
        }
        Object pod = template.length == 0 ? doc : Trees.get(doc, template);
        String prefix = template.length == 0 ? "" : String.join(".", template) + ".";
        return new Workload(doc, kind, name, prefix + "metadata", Trees.get(pod, "metadata"), prefix + "spec", Trees.get(pod, "spec"));
    }

    /** The pod template's spec as a map (empty when it is not one; the reader reports that). */
    @SuppressWarnings("unchecked")
    Map<String, Object> spec() {
        return rawSpec instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> metadata() {
        return rawMetadata instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    Object labels() {
        Object labels = metadata().get("labels");
        return labels instanceof Map<?, ?> ? labels : Map.of();
    }

    boolean isHook() {
        return Trees.get(doc, "metadata", "annotations", "helm.sh/hook") != null;
    }

    String containerPath(String list, int index) {
        return specPath + "." + list + "[" + index + "]";
    }
}
