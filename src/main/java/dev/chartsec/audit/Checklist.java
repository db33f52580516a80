package dev.chartsec.audit;


import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.chartsec.audit.Finding.Severity;
import dev.chartsec.rules.SecurityRules;

/** chartsec's checklist: the rows of SECURITY-BAR.md a set of rendered objects can show. */
final class Checklist {

    private Checklist() {
    }

    static void container(Workload w, Map<String, Object> c, String at, boolean longRunning, List<Finding> out) {
        if (!Boolean.TRUE.equals(Trees.get(c, "securityContext", "readOnlyRootFilesystem"))) {
            out.add(new Finding("CS001", Severity.WARNING, w.name(), at + ".securityContext.readOnlyRootFilesystem",
                    String.valueOf(Trees.get(c, "securityContext", "readOnlyRootFilesystem")), "true",
                    "set readOnlyRootFilesystem: true and mount an emptyDir for each directory the app writes"));
        }
        for (String kind : List.of("requests", "limits")) {
            for (String r : List.of("cpu", "memory", "ephemeral-storage")) {
                if (Trees.get(c, "resources", kind, r) == null) {
                    out.add(new Finding("CS002", Severity.WARNING, w.name(), at + ".resources." + kind + "." + r, "nothing",
                            "a " + r + " " + kind.substring(0, kind.length() - 1), "set resources." + kind + "." + r));
                }
            }
        }
        String image = String.valueOf(c.get("image"));
        String ref = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        boolean tagged = ref.lastIndexOf(':') > ref.lastIndexOf('/');
        if (!tagged || ref.endsWith(":latest")) {
            out.add(new Finding("CS003", Severity.ERROR, w.name(), at + ".image", image, "a fixed tag, not latest",
                    "pin the image to a version tag (and a digest)"));
        } else if (!image.contains("@sha256:")) {
            out.add(new Finding("CS004", Severity.INFO, w.name(), at + ".image", image, "repository:tag@sha256:...",
                    "add the image digest (image.digest in a chartsec chart)"));
        }
        // Kubernetes fills in a missing pull policy: Always for a :latest image or one with neither tag nor
        // digest (it means latest), else IfNotPresent.
        Object policy = c.get("imagePullPolicy");
        boolean latest = ref.endsWith(":latest") || !tagged && !image.contains("@");
        String effective = policy != null ? String.valueOf(policy) : latest ? "Always" : "IfNotPresent";
        if (!"Always".equals(effective)) {
            out.add(new Finding("CS005", Severity.INFO, w.name(), at + ".imagePullPolicy",
                    policy == null ? "nothing (IfNotPresent for a tagged image)" : effective, "Always", "set imagePullPolicy: Always"));
        }
        if (longRunning) {
            Object live = c.get("livenessProbe");
            Object ready = c.get("readinessProbe");
            if (live == null || ready == null) {
                out.add(new Finding("CS006", Severity.WARNING, w.name(), at + (live == null ? ".livenessProbe" : ".readinessProbe"),
                        "nothing", "liveness and readiness probes", "add both probes on the named container port"));
            } else if (Objects.equals(live, ready)) {
                out.add(new Finding("CS006", Severity.WARNING, w.name(), at + ".readinessProbe", "the same as the liveness probe",
                        "different probes", "give readiness its own path"));
            }
        }
        for (Object e : Trees.list(c.get("env"))) {
            if (Trees.get(e, "valueFrom", "secretKeyRef") != null) {
                out.add(new Finding("CS009", Severity.WARNING, w.name(), at + ".env." + Trees.get(e, "name"), "a secret in an environment variable",
                        "secrets mounted as read-only files", "mount the Secret as a volume (secrets.mountAs: file)"));
            }
        }
        for (Object e : Trees.list(c.get("envFrom"))) {
            if (Trees.get(e, "secretRef") != null) {
                out.add(new Finding("CS009", Severity.WARNING, w.name(), at + ".envFrom", "a Secret as environment variables",
                        "secrets mounted as read-only files", "mount the Secret as a volume"));
            }
        }
    }

    static void pod(Workload w, List<Finding> out) {
        if (!Boolean.FALSE.equals(w.spec().get("automountServiceAccountToken"))) {
            out.add(new Finding("CS007", Severity.WARNING, w.name(), w.specPath() + ".automountServiceAccountToken",
                    String.valueOf(w.spec().get("automountServiceAccountToken")), "false",
                    "turn token automount off; mount a projected token only where the app calls the API"));
        }
    }

    @SuppressWarnings("unchecked")
    static void rbac(Map<String, Object> doc, String name, List<Finding> out) {
        String kind = String.valueOf(doc.get("kind"));
        if (kind.equals("Role") || kind.equals("ClusterRole")) {
            List<Object> rules = (List<Object>) Trees.list(doc.get("rules"));
            for (int i = 0; i < rules.size(); i++) {
                Object rule = rules.get(i);
                String at = "rules[" + i + "]";
                for (String field : List.of("apiGroups", "resources", "verbs")) {
                    if (Trees.list(Trees.get(rule, field)).contains(SecurityRules.WILDCARD)) {
                        out.add(new Finding("CS008", Severity.ERROR, name, at + "." + field, SecurityRules.WILDCARD, "named " + field,
                                "list only the " + field + " the application needs"));
                    }
                }
                for (Object r : Trees.list(Trees.get(rule, "resources"))) {
                    if (SecurityRules.DANGEROUS_RESOURCES.contains(String.valueOf(r))) {
                        out.add(new Finding("CS008", Severity.ERROR, name, at + ".resources", String.valueOf(r),
                                "none of " + String.join(", ", SecurityRules.DANGEROUS_RESOURCES), "remove " + r));
                    }
                }
                for (Object v : Trees.list(Trees.get(rule, "verbs"))) {
                    if (SecurityRules.DANGEROUS_VERBS.contains(String.valueOf(v))) {
                        out.add(new Finding("CS008", Severity.ERROR, name, at + ".verbs", String.valueOf(v),
                                "none of " + String.join(", ", SecurityRules.DANGEROUS_VERBS), "remove " + v));
                    }
                }
                List<?> verbs = Trees.list(Trees.get(rule, "verbs"));
                List<?> names = Trees.list(Trees.get(rule, "resourceNames"));
                if (SecurityRules.grantsSecretsWidely(Trees.list(Trees.get(rule, "resources")), verbs, names)) {
                    out.add(new Finding("CS008", Severity.WARNING, name, at,
                            "secrets: " + verbs + (names.isEmpty() ? " on every Secret" : " on " + names),
                            SecurityRules.secretsRuleText(), "name the Secrets and grant only " + SecurityRules.SECRETS_VERB));
                }
            }
        }
        if (kind.equals("RoleBinding") || kind.equals("ClusterRoleBinding")) {
            for (Object s : Trees.list(doc.get("subjects"))) {
                if ("ServiceAccount".equals(Trees.get(s, "kind")) && "default".equals(Trees.get(s, "name"))) {
                    out.add(new Finding("CS008", Severity.WARNING, name, "subjects", "the default ServiceAccount",
                            "the workload's own ServiceAccount", "bind a ServiceAccount of the chart's own"));
                }
            }
        }
    }

    /** NetworkPolicy coverage for each workload, and internet egress with the private ranges excepted. */
    @SuppressWarnings("unchecked")
    static void network(List<Map<String, Object>> docs, List<Workload> workloads, List<Finding> out) {
        List<Map<String, Object>> policies = docs.stream().filter(d -> "NetworkPolicy".equals(d.get("kind"))).toList();
        for (Map<String, Object> p : policies) {
            for (Object rule : Trees.list(Trees.get(p, "spec", "egress"))) {
                for (Object to : Trees.list(Trees.get(rule, "to"))) {
                    if ("0.0.0.0/0".equals(Trees.get(to, "ipBlock", "cidr"))
                            && !Trees.list(Trees.get(to, "ipBlock", "except")).containsAll(SecurityRules.INTERNET_EXCEPT)) {
                        out.add(new Finding("CS011", Severity.ERROR, "NetworkPolicy/" + Trees.get(p, "metadata", "name"),
                                "spec.egress.to.ipBlock", "0.0.0.0/0 without the private and metadata exceptions",
                                "except " + String.join(", ", SecurityRules.INTERNET_EXCEPT), "add the exceptions"));
                    }
                }
            }
        }
        for (Workload w : workloads) {
            if (w.kind().equals("Pod") && w.isHook()) {
                continue;
            }
            Map<String, Object> labels = (Map<String, Object>) w.labels();
            boolean deny = false;
            boolean allow = false;
            for (Map<String, Object> p : policies) {
                Object selector = Trees.get(p, "spec", "podSelector");
                if (!LabelSelector.matches(selector, labels)) {
                    continue;
                }
                List<?> types = Trees.list(Trees.get(p, "spec", "policyTypes"));
                if (LabelSelector.selectsAll(selector)) {
                    deny |= types.contains("Ingress") && types.contains("Egress");
                } else {
                    allow = true;
                }
            }
            if (deny && allow && !dnsAllowed(policies, labels)) {
                out.add(new Finding("CS014", Severity.WARNING, w.name(), "metadata.labels", "egress denied, with no DNS rule",
                        "an egress rule to port 53 (UDP and TCP) in a policy selecting the pods",
                        "allow DNS egress (chartsec charts always do while policies are on)"));
            }
            if (!deny || !allow) {
                out.add(new Finding("CS010", Severity.WARNING, w.name(), "metadata.labels",
                        (deny ? "a default deny" : "no default deny") + " and " + (allow ? "an allow policy" : "no allow policy"),
                        "a default-deny NetworkPolicy and an allow policy selecting the workload",
                        "turn networkPolicy.enabled on (a chartsec chart) or add both policies"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean dnsAllowed(List<Map<String, Object>> policies, Map<String, Object> labels) {
        for (Map<String, Object> p : policies) {
            if (!LabelSelector.matches(Trees.get(p, "spec", "podSelector"), labels)) {
                continue;
            }
            for (Object rule : Trees.list(Trees.get(p, "spec", "egress"))) {
                if (Trees.get(rule, "ports") == null) {
                    return true; // every port
                }
                for (Object port : Trees.list(Trees.get(rule, "ports"))) {
                    if (Trees.get(port, "port") instanceof Number n && n.longValue() == 53) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static void namespaceLabels(Map<String, Object> doc, List<Finding> out) {
        if ("Namespace".equals(doc.get("kind")) && Trees.get(doc, "metadata", "labels", "pod-security.kubernetes.io/enforce") == null) {
            out.add(new Finding("CS012", Severity.WARNING, "Namespace/" + Trees.get(doc, "metadata", "name"),
                    "metadata.labels", "no pod-security.kubernetes.io/enforce label", "enforce, audit and warn labels with a pinned version",
                    "label the namespace for Pod Security Admission"));
        }
    }

    @SuppressWarnings("unchecked")
    static void availability(List<Map<String, Object>> docs, Workload w, List<Finding> out) {
        Object replicas = Trees.get(w.doc(), "spec", "replicas");
        if (!(replicas instanceof Number n) || n.intValue() < 2 || !w.kind().equals("Deployment") && !w.kind().equals("StatefulSet")) {
            return;
        }
        Map<String, Object> labels = (Map<String, Object>) w.labels();
        boolean pdb = docs.stream().filter(d -> "PodDisruptionBudget".equals(d.get("kind")))
                .anyMatch(d -> Trees.get(d, "spec", "selector") != null && LabelSelector.matches(Trees.get(d, "spec", "selector"), labels));
        if (!pdb) {
            out.add(new Finding("CS013", Severity.WARNING, w.name(), "spec.replicas", n + " replicas and no PodDisruptionBudget",
                    "a PodDisruptionBudget selecting the pods", "turn availability.podDisruptionBudget on or add a PDB"));
        }
        if (Trees.get(w.spec(), "affinity", "podAntiAffinity") == null) {
            out.add(new Finding("CS013", Severity.WARNING, w.name(), w.specPath() + ".affinity", n + " replicas and no pod anti-affinity",
                    "anti-affinity on kubernetes.io/hostname", "turn availability.antiAffinity on or add anti-affinity"));
        }
    }

}
