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

    /** A write to one of these lets a role take over the cluster (Trivy and Checkov rate them critical). */
    private record Escalation(String group, String resource, List<String> verbs, String what) {
    }

    private static final List<String> WRITE = List.of("create", "update", "patch", "delete");
    private static final List<Escalation> ESCALATIONS = List.of(
            new Escalation("admissionregistration.k8s.io", "mutatingwebhookconfigurations", WRITE, "controls admission webhooks"),
            new Escalation("admissionregistration.k8s.io", "validatingwebhookconfigurations", WRITE, "controls admission webhooks"),
            new Escalation("admissionregistration.k8s.io", "validatingadmissionpolicies", WRITE, "controls admission policies"),
            new Escalation("admissionregistration.k8s.io", "validatingadmissionpolicybindings", WRITE, "controls admission policies"),
            new Escalation("apiextensions.k8s.io", "customresourcedefinitions", WRITE, "changes CustomResourceDefinitions"),
            new Escalation("apiregistration.k8s.io", "apiservices", WRITE, "redirects API groups (APIServices)"),
            new Escalation("certificates.k8s.io", "certificatesigningrequests/approval", List.of("update", "patch"), "approves certificates"),
            new Escalation("certificates.k8s.io", "signers", List.of("approve", "sign"), "approves or signs certificates"));
    /** Built-in roles that grant (nearly) everything, by how much. */
    private static final Map<String, Severity> POWERFUL_ROLES = Map.of("cluster-admin", Severity.ERROR, "admin", Severity.WARNING,
            "edit", Severity.WARNING);
    /** Subjects that are everyone, or anyone. */
    private static final List<String> EVERYONE = List.of("system:authenticated", "system:unauthenticated", "system:anonymous");

    /** The verbs of {@code verbs} a rule grants, "*" standing for them all. */
    private static List<String> granted(Object rule, List<String> verbs) {
        List<?> ruleVerbs = Trees.list(Trees.get(rule, "verbs"));
        return ruleVerbs.contains(SecurityRules.WILDCARD) ? verbs : verbs.stream().filter(ruleVerbs::contains).toList();
    }

    private static boolean grants(Object rule, String group, String resource, List<String> verbs) {
        List<?> groups = Trees.list(Trees.get(rule, "apiGroups"));
        List<?> resources = Trees.list(Trees.get(rule, "resources"));
        List<?> ruleVerbs = Trees.list(Trees.get(rule, "verbs"));
        return (groups.contains(group) || groups.contains(SecurityRules.WILDCARD))
                && (resources.contains(resource) || resources.contains(SecurityRules.WILDCARD))
                && (ruleVerbs.contains(SecurityRules.WILDCARD) || verbs.stream().anyMatch(ruleVerbs::contains));
    }

    /**
     * RBAC that hands over the cluster: rules that control admission, API groups or certificates (CS015),
     * ClusterRoles bound cluster-wide that create pods or read secrets everywhere (CS015), and bindings to the
     * built-in all-powerful roles or to everyone (CS016). ClusterRoleBindings are followed to their roles.
     */
    static void rbacEscalation(List<Map<String, Object>> docs, List<Finding> out) {
        java.util.Set<Object> boundClusterWide = new java.util.HashSet<>();
        for (Map<String, Object> d : docs) {
            if ("ClusterRoleBinding".equals(d.get("kind"))) {
                boundClusterWide.add(Trees.get(d, "roleRef", "name"));
            }
        }
        for (Map<String, Object> d : docs) {
            String kind = String.valueOf(d.get("kind"));
            String name = kind + "/" + Trees.get(d, "metadata", "name");
            if (kind.equals("Role") || kind.equals("ClusterRole")) {
                boolean clusterWide = kind.equals("ClusterRole") && boundClusterWide.contains(Trees.get(d, "metadata", "name"));
                List<?> rules = Trees.list(d.get("rules"));
                for (int i = 0; i < rules.size(); i++) {
                    Object rule = rules.get(i);
                    String at = "rules[" + i + "]";
                    // A rule with resourceNames reaches only the objects it names (and never grants create, which
                    // has no name to match): a controller updating its own webhook's caBundle is not an escalation.
                    boolean named = !Trees.list(Trees.get(rule, "resourceNames")).isEmpty();
                    for (Escalation e : ESCALATIONS) {
                        if (!named && grants(rule, e.group(), e.resource(), e.verbs())) {
                            out.add(new Finding("CS015", Severity.ERROR, name, at, granted(rule, e.verbs()) + " on " + e.group() + "/" + e.resource(),
                                    "no role that " + e.what(), "leave this to the cluster's administrators, or name the objects (resourceNames)"));
                        }
                    }
                    if (clusterWide && grants(rule, "", "pods", List.of("create"))) {
                        out.add(new Finding("CS015", Severity.ERROR, name, at, "creates pods in every namespace (bound by a ClusterRoleBinding)",
                                "pod creation only in the namespaces that need it", "bind it with RoleBindings in those namespaces"));
                    }
                    if (clusterWide && Trees.list(Trees.get(rule, "resourceNames")).isEmpty()
                            && grants(rule, "", "secrets", List.of("get", "list", "watch"))) {
                        out.add(new Finding("CS015", Severity.ERROR, name, at, "reads every Secret of every namespace (bound by a ClusterRoleBinding)",
                                SecurityRules.secretsRuleText(), "name the Secrets, in a Role of their namespace"));
                    }
                }
            }
            if (kind.equals("RoleBinding") || kind.equals("ClusterRoleBinding")) {
                Object role = Trees.get(d, "roleRef", "name");
                Severity severity = "ClusterRole".equals(Trees.get(d, "roleRef", "kind")) ? POWERFUL_ROLES.get(String.valueOf(role)) : null;
                if (severity != null) {
                    out.add(new Finding("CS016", severity, name, "roleRef", "binds the built-in role " + role
                            + (kind.equals("ClusterRoleBinding") ? " in every namespace" : ""), "a role with only the rules needed",
                            "write a Role with the application's rules"));
                }
                List<?> subjects = Trees.list(d.get("subjects"));
                for (int i = 0; i < subjects.size(); i++) {
                    Object subject = Trees.get(subjects.get(i), "name");
                    if (EVERYONE.contains(String.valueOf(subject))) {
                        out.add(new Finding("CS016", Severity.ERROR, name, "subjects[" + i + "]", "binds " + subject,
                                "named ServiceAccounts, users or groups", "bind the workload's own ServiceAccount"));
                    }
                }
            }
        }
    }

    /**
     * CS017: API traffic the API server does not verify: an APIService with insecureSkipTLSVerify, or an
     * admission webhook called at a plain http:// URL. Both let whoever answers that address act as the API.
     */
    static void unverifiedApiTraffic(Map<String, Object> doc, List<Finding> out) {
        String kind = String.valueOf(doc.get("kind"));
        String name = kind + "/" + Trees.get(doc, "metadata", "name");
        if (kind.equals("APIService") && Boolean.TRUE.equals(Trees.get(doc, "spec", "insecureSkipTLSVerify"))) {
            out.add(new Finding("CS017", Severity.ERROR, name, "spec.insecureSkipTLSVerify", "true",
                    "the API server verifies the service's certificate", "set spec.caBundle and drop insecureSkipTLSVerify"));
        }
        if (kind.equals("MutatingWebhookConfiguration") || kind.equals("ValidatingWebhookConfiguration")) {
            List<?> webhooks = Trees.list(doc.get("webhooks"));
            for (int i = 0; i < webhooks.size(); i++) {
                Object url = Trees.get(webhooks.get(i), "clientConfig", "url");
                if (url instanceof String u && u.toLowerCase(java.util.Locale.ROOT).startsWith("http://")) {
                    out.add(new Finding("CS017", Severity.ERROR, name, "webhooks[" + i + "].clientConfig.url", u,
                            "an https URL or a Service, with a caBundle", "serve the webhook over TLS"));
                }
            }
        }
    }

    /**
     * NetworkPolicies as the API applies them: a pod is isolated for ingress (egress) when any policy of its
     * namespace selects it with that policy type; then only the rules of those policies let traffic through.
     * CS010: a workload not isolated both ways. CS011: a rule that opens egress to everything (no peer and no
     * port), or 0.0.0.0/0 without the private ranges and the metadata address. CS014: egress isolated with no
     * way to DNS.
     */
    @SuppressWarnings("unchecked")
    static void network(List<Map<String, Object>> docs, List<Workload> workloads, List<Finding> out) {
        List<Map<String, Object>> policies = docs.stream().filter(d -> "NetworkPolicy".equals(d.get("kind"))).toList();
        for (Map<String, Object> p : policies) {
            String name = "NetworkPolicy/" + Trees.get(p, "metadata", "name");
            List<?> egress = Trees.list(Trees.get(p, "spec", "egress"));
            for (int i = 0; i < egress.size(); i++) {
                Object rule = egress.get(i);
                String at = "spec.egress[" + i + "]";
                if (Trees.list(Trees.get(rule, "to")).isEmpty() && Trees.list(Trees.get(rule, "ports")).isEmpty()) {
                    out.add(new Finding("CS011", Severity.ERROR, name, at, "egress to every destination on every port",
                            "egress rules that name their peers or ports", "name the destinations (and ports) the application calls"));
                }
                for (Object to : Trees.list(Trees.get(rule, "to"))) {
                    if ("0.0.0.0/0".equals(Trees.get(to, "ipBlock", "cidr"))
                            && !Trees.list(Trees.get(to, "ipBlock", "except")).containsAll(SecurityRules.INTERNET_EXCEPT)) {
                        out.add(new Finding("CS011", Severity.ERROR, name, at + ".to.ipBlock",
                                "0.0.0.0/0 without the private and metadata exceptions",
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
            List<Map<String, Object>> selecting = policies.stream().filter(p -> sameNamespace(p, w.doc()))
                    .filter(p -> LabelSelector.matches(Trees.get(p, "spec", "podSelector"), labels)).toList();
            boolean ingress = selecting.stream().anyMatch(p -> policyTypes(p).contains("Ingress"));
            boolean egress = selecting.stream().anyMatch(p -> policyTypes(p).contains("Egress"));
            if (egress && !dnsAllowed(selecting)) {
                out.add(new Finding("CS014", Severity.WARNING, w.name(), "metadata.labels", "egress denied, with no DNS rule",
                        "an egress rule to port 53 (UDP and TCP) in a policy selecting the pods",
                        "allow DNS egress (chartsec charts always do while policies are on)"));
            }
            if (!ingress || !egress) {
                out.add(new Finding("CS010", Severity.WARNING, w.name(), "metadata.labels",
                        (ingress ? "" : "ingress") + (ingress || egress ? "" : " and ") + (egress ? "" : "egress")
                                + " not isolated by any NetworkPolicy",
                        "NetworkPolicies selecting the workload for ingress and egress (a default deny and an allow policy)",
                        "turn networkPolicy.enabled on (a chartsec chart) or add both policies"));
            }
        }
    }

    /** A policy's types: as given, else Ingress, plus Egress when it has egress rules (the API's defaulting). */
    private static List<?> policyTypes(Map<String, Object> policy) {
        List<?> types = Trees.list(Trees.get(policy, "spec", "policyTypes"));
        if (!types.isEmpty()) {
            return types;
        }
        return Trees.get(policy, "spec", "egress") == null ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    /** A policy applies to pods of its own namespace; rendered objects without one share the release's. */
    private static boolean sameNamespace(Map<String, Object> policy, Map<String, Object> workload) {
        Object a = Trees.get(policy, "metadata", "namespace");
        Object b = Trees.get(workload, "metadata", "namespace");
        return a == null || b == null || a.equals(b);
    }

    private static boolean dnsAllowed(List<Map<String, Object>> selecting) {
        for (Map<String, Object> p : selecting) {
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
