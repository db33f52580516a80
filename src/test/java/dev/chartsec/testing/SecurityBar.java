package dev.chartsec.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import dev.chartsec.audit.Trees;
import dev.chartsec.option.ChartSpec;
import dev.chartsec.rules.SecurityRules;

/**
 * The rows of shared/SECURITY-BAR.md, checked on the parsed objects a chart renders (never on its text).
 * Each check adds a readable failure; a chart meets the bar when the list stays empty.
 */
public final class SecurityBar {
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "PriorityClass");
    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "Pod");

    private final ChartSpec spec;
    private final String release;
    private final String namespace;
    private final List<Map<String, Object>> docs;
    private final List<String> failures = new ArrayList<>();

    private SecurityBar(ChartSpec spec, String release, String namespace, List<Map<String, Object>> docs) {
        this.spec = spec;
        this.release = release;
        this.namespace = namespace;
        this.docs = docs;
    }

    public static List<String> check(ChartSpec spec, String release, String namespace, List<Map<String, Object>> docs) {
        // the user's extraObjects are theirs: chartsec audit holds them to the standard (AuditIT), not this bar
        List<Map<String, Object>> extra = spec.<String>list("extraObjects").stream().map(dev.chartsec.option.Manifest::object).toList();
        docs = docs.stream().filter(d -> extra.stream().noneMatch(e -> e.get("kind").equals(d.get("kind"))
                && ((Map<?, ?>) e.get("metadata")).get("name").equals(((Map<?, ?>) d.get("metadata")).get("name")))).toList();
        SecurityBar bar = new SecurityBar(spec, release, namespace, docs);
        bar.run();
        return bar.failures;
    }

    private void run() {
        for (Map<String, Object> doc : docs) {
            String kind = str(doc, "kind");
            String where = kind + "/" + str(doc, "metadata", "name");
            if (!CLUSTER_SCOPED.contains(kind)) {
                expect(namespace.equals(get(doc, "metadata", "namespace")), where, "metadata.namespace is the release namespace");
            }
            Object chartLabel = get(doc, "metadata", "labels", "helm.sh/chart");
            expect(chartLabel == null || !String.valueOf(chartLabel).contains("+"), where, "helm.sh/chart label without '+'");
            if (WORKLOAD_KINDS.contains(kind)) {
                Map<String, Object> podSpec = kind.equals("Pod") ? map(doc, "spec") : map(doc, "spec", "template", "spec");
                pod(where, podSpec);
            }
        }
        Map<String, Object> deployment = one("Deployment");
        deployment(deployment);
        serviceAccount();
        networkPolicies(deployment);
        availability(deployment);
        rbac();
        namespaceObject();
        expect(one("Pod") != null, "Pod", "a connection test pod");
    }

    private void pod(String where, Map<String, Object> pod) {
        Map<String, Object> psc = map(pod, "securityContext");
        expect(Boolean.TRUE.equals(psc.get("runAsNonRoot")), where, "pod runAsNonRoot true");
        expect("RuntimeDefault".equals(get(psc, "seccompProfile", "type")), where, "pod seccompProfile RuntimeDefault");
        expect(Boolean.FALSE.equals(pod.get("automountServiceAccountToken")), where, "pod automountServiceAccountToken false");
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            expect(!Boolean.TRUE.equals(pod.get(host)), where, "no " + host);
        }
        expect(pod.get("sysctls") == null && psc.get("sysctls") == null, where, "no sysctls");
        if (spec.flag("security.openshift")) {
            expect(psc.get("runAsUser") == null && psc.get("runAsGroup") == null && psc.get("fsGroup") == null,
                    where, "OpenShift mode leaves ids to the platform");
        } else {
            expect(Objects.equals(psc.get("runAsUser"), (int) spec.integer("security.runAsUser")), where, "pod runAsUser as answered");
            expect(Objects.equals(psc.get("runAsGroup"), (int) spec.integer("security.runAsGroup")), where, "pod runAsGroup as answered");
            expect(Objects.equals(psc.get("fsGroup"), (int) spec.integer("security.runAsGroup")), where, "pod fsGroup as answered");
            expect(((Number) psc.get("runAsUser")).longValue() > 0, where, "never uid 0");
        }
        List<Map<String, Object>> containers = new ArrayList<>(list(pod, "containers"));
        containers.addAll(list(pod, "initContainers"));
        expect(!containers.isEmpty(), where, "containers");
        for (Map<String, Object> c : containers) {
            container(where + " container " + c.get("name"), c, pod);
        }
    }

    private void container(String where, Map<String, Object> c, Map<String, Object> pod) {
        Map<String, Object> sc = map(c, "securityContext");
        expect(Boolean.FALSE.equals(sc.get("allowPrivilegeEscalation")), where, "allowPrivilegeEscalation false");
        expect(Boolean.FALSE.equals(sc.get("privileged")), where, "privileged false");
        expect(Boolean.TRUE.equals(sc.get("readOnlyRootFilesystem")), where, "readOnlyRootFilesystem true");
        expect(Boolean.TRUE.equals(sc.get("runAsNonRoot")), where, "runAsNonRoot true");
        expect(List.of("ALL").equals(get(sc, "capabilities", "drop")), where, "capabilities drop [ALL]");
        expect(get(sc, "capabilities", "add") == null, where, "no capabilities added");
        for (String kind : List.of("requests", "limits")) {
            for (String r : List.of("cpu", "memory", "ephemeral-storage")) {
                expect(get(c, "resources", kind, r) != null, where, "resources." + kind + "." + r);
            }
        }
        String image = str(c, "image");
        String reference = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = reference.lastIndexOf(':');
        expect(colon > reference.lastIndexOf('/') && !reference.endsWith(":latest"), where, "image with a fixed tag: " + image);
        if (where.endsWith("container app")) {
            probes(where, c);
        } else {
            expect(c.get("livenessProbe") != null && c.get("readinessProbe") != null, where, "liveness and readiness probes");
        }
        for (Map<String, Object> env : list(c, "env")) {
            if (env.containsKey("value")) {
                expect(!SecurityRules.SECRET_LIKE.matcher(str(env, "name")).matches(), where, "no literal value for secret-like env " + env.get("name"));
            }
            if (get(env, "valueFrom", "secretKeyRef") != null) {
                expect("env".equals(spec.text("secrets.mountAs")), where, "secretKeyRef only when secrets as env were chosen");
            }
        }
        // envFrom only for the chart's plain configuration, never a Secret's every key
        boolean configEnv = "app".equals(str(c, "name")) && !spec.map("config.data").isEmpty() && "env".equals(spec.text("config.mountAs"));
        expect(list(c, "envFrom").size() == (configEnv ? 1 : 0) && list(c, "envFrom").stream().allMatch(e -> get(e, "secretRef") == null
                && String.valueOf(get(e, "configMapRef", "name")).endsWith("-config")), where, "envFrom only for config.data as variables");
        Map<String, Map<String, Object>> volumes = new java.util.HashMap<>();
        list(pod, "volumes").forEach(v -> volumes.put(str(v, "name"), v));
        for (Map<String, Object> mount : list(c, "volumeMounts")) {
            Map<String, Object> volume = volumes.get(str(mount, "name"));
            expect(volume != null, where, "volume for mount " + mount.get("name"));
            if (volume != null && volume.containsKey("emptyDir")) {
                expect(get(volume, "emptyDir", "sizeLimit") != null, where, "emptyDir " + volume.get("name") + " has a sizeLimit");
            }
            if (volume != null && volume.containsKey("secret")) {
                expect(Integer.valueOf(0440).equals(get(volume, "secret", "defaultMode")), where, "secret volume mode 0440");
                expect(Boolean.TRUE.equals(mount.get("readOnly")), where, "secret mounted read-only");
            }
        }
    }

    private void probes(String where, Map<String, Object> c) {
        Object live = get(c, "livenessProbe", "httpGet", "path");
        Object ready = get(c, "readinessProbe", "httpGet", "path");
        expect(live != null && ready != null, where, "liveness and readiness probes");
        expect(!Objects.equals(live, ready), where, "liveness and readiness differ");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (c.get(probe) == null) {
                continue;
            }
            expect(get(c, probe, "httpGet", "host") == null, where, probe + " without host");
            Object port = get(c, probe, "httpGet", "port");
            expect(list(c, "ports").stream().anyMatch(p -> port.equals(p.get("name"))), where, probe + " on a declared named port");
        }
        expect(spec.flag("probes.startup.enabled") == (c.get("startupProbe") != null), where, "startup probe as answered");
    }

    private void deployment(Map<String, Object> d) {
        expect(d != null, "Deployment", "one Deployment");
        if (d == null) {
            return;
        }
        String where = "Deployment/" + str(d, "metadata", "name");
        Map<String, Object> pod = map(d, "spec", "template", "spec");
        expect(release.equals(get(d, "spec", "template", "metadata", "labels", "app.kubernetes.io/instance")),
                where, "app.kubernetes.io/instance is the release name");
        expect(!"default".equals(pod.get("serviceAccountName")) && pod.get("serviceAccountName") != null, where, "own ServiceAccount");
        Map<String, Object> app = list(pod, "containers").get(0);
        expect(spec.text("image.pullPolicy").equals(app.get("imagePullPolicy")), where, "imagePullPolicy as answered");
        String digest = spec.text("image.digest");
        expect(digest.isEmpty() ? !str(app, "image").contains("@") : str(app, "image").endsWith(":" + spec.text("image.tag") + "@" + digest),
                where, "repo:tag@digest when a digest is given");
        boolean tmp = list(app, "volumeMounts").stream().anyMatch(m -> "/tmp".equals(m.get("mountPath")));
        expect(tmp, where, "/tmp is a writable emptyDir");
        for (Map<String, Object> dir : spec.<Map<String, Object>>list("workload.writableDirs")) {
            expect(list(app, "volumeMounts").stream().anyMatch(m -> dir.get("path").equals(m.get("mountPath"))), where,
                    "writable dir " + dir.get("path"));
        }
        boolean hasToken = list(pod, "volumes").stream().anyMatch(v -> get(v, "projected", "sources") != null);
        expect(hasToken == spec.flag("security.apiAccess"), where, "projected token exactly when the app needs the API");
        if (spec.flag("autoscaling.enabled")) {
            expect(get(d, "spec", "replicas") == null, where, "no fixed replicas under an autoscaler");
            expect(one("HorizontalPodAutoscaler") != null, where, "an HPA");
        } else {
            expect(Objects.equals(get(d, "spec", "replicas"), (int) spec.integer("workload.replicas")), where, "replicas as answered");
            expect(one("HorizontalPodAutoscaler") == null, where, "no HPA");
        }
        String pc = spec.text("availability.priorityClassName");
        expect(pc.isEmpty() ? "true".equals(get(d, "metadata", "annotations", "polaris.fairwinds.com/priorityClassNotSet-exempt"))
                : pc.equals(pod.get("priorityClassName")), where, "priorityClassName, or its documented exemption");
    }

    private void serviceAccount() {
        Map<String, Object> sa = one("ServiceAccount");
        expect((sa != null) == spec.flag("serviceAccount.create"), "ServiceAccount", "created as answered");
        if (sa != null) {
            expect(Boolean.FALSE.equals(sa.get("automountServiceAccountToken")), "ServiceAccount", "automount off");
            expect(!"default".equals(get(sa, "metadata", "name")), "ServiceAccount", "not named default");
        }
    }

    private void networkPolicies(Map<String, Object> deployment) {
        List<Map<String, Object>> policies = all("NetworkPolicy");
        if (!spec.flag("networkPolicy.enabled")) {
            expect(policies.isEmpty(), "NetworkPolicy", "none when off");
            return;
        }
        Map<String, Object> selector = map(deployment, "spec", "selector", "matchLabels");
        Map<String, Object> releaseOnly = Map.of("app.kubernetes.io/instance", release);
        boolean namespaceWide = "namespace".equals(spec.text("networkPolicy.defaultDeny"));
        int dnsPort = spec.flag("security.openshift") ? 5353 : 53;
        boolean deny = false;
        boolean allow = false;
        for (Map<String, Object> p : policies) {
            Map<String, Object> s = map(p, "spec");
            List<Object> types = listOf(s.get("policyTypes"));
            boolean both = types.contains("Ingress") && types.contains("Egress");
            Map<String, Object> match = map(s, "podSelector", "matchLabels");
            if (match.equals(namespaceWide ? Map.of() : releaseOnly) && map(s, "podSelector").size() == (namespaceWide ? 0 : 1)
                    && both && list(s, "ingress").isEmpty() && list(s, "egress").isEmpty()) {
                deny = true;
            }
            if (!selector.isEmpty() && match.equals(selector)) {
                allow = both && !list(s, "egress").isEmpty();
                boolean dns = list(s, "egress").stream().anyMatch(rule -> list(rule, "ports").stream()
                        .anyMatch(port -> Integer.valueOf(dnsPort).equals(port.get("port")) && "UDP".equals(port.get("protocol"))));
                expect(dns, "NetworkPolicy", "DNS egress allowed");
                for (Map<String, Object> rule : list(s, "egress")) {
                    for (Map<String, Object> to : list(rule, "to")) {
                        if ("0.0.0.0/0".equals(get(to, "ipBlock", "cidr"))) {
                            expect(listOf(get(to, "ipBlock", "except")).containsAll(SecurityRules.INTERNET_EXCEPT), "NetworkPolicy",
                                    "0.0.0.0/0 only with the private ranges and 169.254.169.254 excepted");
                        }
                    }
                }
                boolean controller = list(s, "ingress").stream().anyMatch(rule -> list(rule, "from").stream()
                        .anyMatch(f -> TrafficModel.controllerNamespace(spec)
                                .equals(get(f, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"))));
                expect(controller == spec.flag("networkPolicy.ingressController.enabled"), "NetworkPolicy",
                        "ingress-controller rule as answered");
            }
        }
        expect(deny, "NetworkPolicy", "a default deny (both types, no rules) selecting "
                + (namespaceWide ? "every pod (podSelector {})" : "the release's pods (" + releaseOnly + ")"));
        expect(allow, "NetworkPolicy", "an allow policy selecting the Deployment's pods by its selector, both types, with egress rules");
    }

    private void availability(Map<String, Object> d) {
        Map<String, Object> pdb = one("PodDisruptionBudget");
        expect((pdb != null) == spec.flag("availability.podDisruptionBudget"), "PodDisruptionBudget", "present as answered");
        if (pdb != null) {
            expect("policy/v1".equals(pdb.get("apiVersion")), "PodDisruptionBudget", "policy/v1");
            expect(Integer.valueOf(1).equals(get(pdb, "spec", "maxUnavailable")), "PodDisruptionBudget", "maxUnavailable 1");
            expect("AlwaysAllow".equals(get(pdb, "spec", "unhealthyPodEvictionPolicy")), "PodDisruptionBudget", "AlwaysAllow");
        }
        Map<String, Object> pod = map(d, "spec", "template", "spec");
        Object anti = get(pod, "affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution");
        expect((anti != null) == spec.flag("availability.antiAffinity"), "Deployment", "anti-affinity as answered");
        if (anti != null) {
            expect("kubernetes.io/hostname".equals(get(listOf(anti).isEmpty() ? Map.of() : castMap(listOf(anti).get(0)),
                    "podAffinityTerm", "topologyKey")), "Deployment", "anti-affinity on kubernetes.io/hostname");
        }
        List<Map<String, Object>> spread = list(pod, "topologySpreadConstraints");
        expect(spread.isEmpty() != spec.flag("availability.topologySpread"), "Deployment", "spread as answered");
        spread.forEach(t -> expect(spec.text("availability.spreadWhenUnsatisfiable").equals(t.get("whenUnsatisfiable"))
                && spec.text("availability.spreadTopologyKey").equals(t.get("topologyKey"))
                && Long.valueOf(spec.integer("availability.spreadMaxSkew")).equals(((Number) t.get("maxSkew")).longValue()),
                "Deployment", "spread over the answered key, skew and policy"));
    }

    private void rbac() {
        Map<String, Object> role = one("Role");
        Map<String, Object> binding = one("RoleBinding");
        boolean expected = spec.flag("security.apiAccess") && !spec.list("rbac.rules").isEmpty();
        expect((role != null) == expected && (binding != null) == expected, "Role", "Role and RoleBinding exactly when rules were given");
        expect(all("ClusterRole").isEmpty() && all("ClusterRoleBinding").isEmpty(), "RBAC", "no cluster-wide RBAC");
        if (role != null) {
            for (Map<String, Object> rule : list(role, "rules")) {
                for (String field : List.of("apiGroups", "resources", "verbs")) {
                    expect(!listOf(rule.get(field)).contains("*"), "Role", "no * in " + field);
                }
                expect(listOf(rule.get("verbs")).stream().noneMatch(v -> SecurityRules.DANGEROUS_VERBS.contains(v) || SecurityRules.WILDCARD.equals(v)),
                        "Role", "no wildcard, bind, escalate or impersonate");
                List<Object> resources = listOf(rule.get("resources"));
                expect(resources.stream().noneMatch(SecurityRules.DANGEROUS_RESOURCES::contains), "Role", "no " + SecurityRules.DANGEROUS_RESOURCES);
                if (resources.contains("secrets")) {
                    expect(!listOf(rule.get("resourceNames")).isEmpty() && List.of("get").equals(rule.get("verbs")),
                            "Role", "secrets only by name and only get");
                }
            }
        }
        if (binding != null) {
            Map<String, Object> subject = castMap(listOf(binding.get("subjects")).get(0));
            expect("ServiceAccount".equals(subject.get("kind")) && !"default".equals(subject.get("name")), "RoleBinding",
                    "bound to the chart's own ServiceAccount");
            expect("Role".equals(get(binding, "roleRef", "kind")), "RoleBinding", "binds a Role, not a ClusterRole");
        }
    }

    private void namespaceObject() {
        Map<String, Object> ns = one("Namespace");
        expect((ns != null) == spec.flag("namespace.create"), "Namespace", "present as answered");
        if (ns != null) {
            Map<String, Object> labels = map(ns, "metadata", "labels");
            expect(spec.text("security.podSecurityLevel").equals(labels.get("pod-security.kubernetes.io/enforce")), "Namespace", "enforce label");
            expect(spec.text("namespace.auditLevel").equals(labels.get("pod-security.kubernetes.io/audit")), "Namespace", "audit label");
            expect(spec.text("namespace.warnLevel").equals(labels.get("pod-security.kubernetes.io/warn")), "Namespace", "warn label");
            for (String mode : List.of("enforce", "audit", "warn")) {
                expect(spec.text("namespace.policyVersion").equals(labels.get("pod-security.kubernetes.io/" + mode + "-version")),
                        "Namespace", mode + "-version label pinned");
            }
            expect(namespace.equals(get(ns, "metadata", "name")), "Namespace", "named after the release namespace");
        }
    }

    private void expect(boolean ok, String where, String what) {
        if (!ok) {
            failures.add(where + ": expected " + what);
        }
    }

    private Map<String, Object> one(String kind) {
        List<Map<String, Object>> found = all(kind);
        if (found.size() > 1) {
            failures.add(kind + ": expected at most one, found " + found.size());
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private List<Map<String, Object>> all(String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    static Object get(Object root, String... path) {
        return Trees.get(root, path);
    }

    private static String str(Object root, String... path) {
        Object v = get(root, path);
        return v == null ? "" : String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object root, String... path) {
        Object v = get(root, path);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object root, String... path) {
        Object v = get(root, path);
        return v instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listOf(Object v) {
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
