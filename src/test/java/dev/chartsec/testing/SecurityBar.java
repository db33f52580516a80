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
    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "CronJob", "Job", "Pod");
    private static final Set<String> SERVING = Set.of("Deployment", "StatefulSet");

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
                Map<String, Object> podSpec = kind.equals("Pod") ? map(doc, "spec") : map(template(doc), "spec");
                pod(where, podSpec, kind.equals("Pod") ? List.of() : list(doc, "spec", "volumeClaimTemplates"));
            }
        }
        String kind = spec.text("kind");
        expect(WORKLOAD_KINDS.stream().filter(k -> !k.equals("Pod")).allMatch(k -> (one(k) != null) == k.equals(kind)),
                kind, "one workload, of the answered kind");
        Map<String, Object> deployment = one(kind);
        deployment(deployment);
        statefulSet(deployment);
        extraPorts(deployment);
        batch(deployment);
        serviceAccount();
        networkPolicies(deployment);
        availability(deployment);
        rbac();
        namespaceObject();
        expect((one("Pod") != null) == serving(), "Pod", "a connection test pod exactly for the kinds that serve");
        Map<String, Object> testPod = one("Pod");
        if (testPod != null) {
            // the readiness path when it is served on the application port, else a connection to the Service
            boolean path = spec.flag("probes.readiness.enabled") && "http".equals(spec.text("probes.readiness.type"))
                    && "http".equals(spec.text("probes.readiness.port"));
            Object args = get(list(testPod, "spec", "containers").get(0), "args");
            expect(args instanceof List<?> l && !l.isEmpty() && (path ? "wget" : "nc").equals(l.get(0)), "Pod",
                    path ? "the test calls the readiness path" : "the test opens a connection");
        }
        expect(all("Service").size() == (!serving() ? 0 : "StatefulSet".equals(spec.text("kind")) ? 2 : 1), "Service",
                "a Service exactly for the kinds that serve, and a StatefulSet's headless one");
    }

    private boolean serving() {
        return SERVING.contains(spec.text("kind"));
    }

    /** The pod template of a workload: spec.template, or a CronJob's spec.jobTemplate.spec.template. */
    private static Map<String, Object> template(Map<String, Object> workload) {
        return "CronJob".equals(workload.get("kind")) ? map(workload, "spec", "jobTemplate", "spec", "template") : map(workload, "spec", "template");
    }

    /** A batch run: its schedule and limits as answered; it takes no traffic and has nothing to probe. */
    private void batch(Map<String, Object> w) {
        if (w == null || serving()) {
            return;
        }
        String where = w.get("kind") + "/" + str(w, "metadata", "name");
        Map<String, Object> job = "CronJob".equals(w.get("kind")) ? map(w, "spec", "jobTemplate", "spec") : map(w, "spec");
        Map<String, Object> pod = map(job, "template", "spec");
        expect(spec.text("job.restartPolicy").equals(pod.get("restartPolicy")), where, "restartPolicy as answered");
        expect(Long.valueOf(spec.integer("job.backoffLimit")).equals(((Number) job.get("backoffLimit")).longValue()), where, "backoffLimit as answered");
        expect(Objects.equals(job.get("activeDeadlineSeconds") == null ? 0L : ((Number) job.get("activeDeadlineSeconds")).longValue(),
                spec.integer("job.activeDeadlineSeconds")), where, "activeDeadlineSeconds as answered");
        Map<String, Object> app = list(pod, "containers").get(0);
        expect(app.get("ports") == null && app.get("livenessProbe") == null && app.get("readinessProbe") == null
                && app.get("startupProbe") == null, where, "no ports and no probes in a batch pod");
        if ("CronJob".equals(w.get("kind"))) {
            expect(spec.text("cronJob.schedule").equals(get(w, "spec", "schedule")), where, "schedule as answered");
            expect(spec.text("cronJob.concurrencyPolicy").equals(get(w, "spec", "concurrencyPolicy")), where, "concurrencyPolicy as answered");
            expect(Objects.equals(spec.text("cronJob.timeZone"), str(w, "spec", "timeZone")), where, "timeZone as answered");
        } else {
            expect(Long.valueOf(spec.integer("job.ttlSecondsAfterFinished")).equals(((Number) get(w, "spec", "ttlSecondsAfterFinished")).longValue()),
                    where, "ttlSecondsAfterFinished as answered");
            expect(str(w, "metadata", "name").endsWith("-1"), where, "a Job named for the release revision");
        }
    }

    private void pod(String where, Map<String, Object> pod, List<Map<String, Object>> claimTemplates) {
        Map<String, Object> psc = map(pod, "securityContext");
        expect(Boolean.TRUE.equals(psc.get("runAsNonRoot")), where, "pod runAsNonRoot true");
        expect("RuntimeDefault".equals(get(psc, "seccompProfile", "type")), where, "pod seccompProfile RuntimeDefault");
        expect(Boolean.FALSE.equals(pod.get("automountServiceAccountToken")), where, "pod automountServiceAccountToken false");
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            expect(!Boolean.TRUE.equals(pod.get(host)), where, "no " + host);
        }
        expect(pod.get("sysctls") == null && psc.get("sysctls") == null, where, "no sysctls");
        if (spec.flag("securityContext.openshift")) {
            expect(psc.get("runAsUser") == null && psc.get("runAsGroup") == null && psc.get("fsGroup") == null,
                    where, "OpenShift mode leaves ids to the platform");
        } else {
            expect(Objects.equals(psc.get("runAsUser"), (int) spec.integer("securityContext.runAsUser")), where, "pod runAsUser as answered");
            expect(Objects.equals(psc.get("runAsGroup"), (int) spec.integer("securityContext.runAsGroup")), where, "pod runAsGroup as answered");
            expect(Objects.equals(psc.get("fsGroup"), (int) spec.integer("securityContext.runAsGroup")), where, "pod fsGroup as answered");
            expect(((Number) psc.get("runAsUser")).longValue() > 0, where, "never uid 0");
        }
        List<Map<String, Object>> containers = new ArrayList<>(list(pod, "containers"));
        containers.addAll(list(pod, "initContainers"));
        expect(!containers.isEmpty(), where, "containers");
        // a StatefulSet's claim templates are volumes of its pods too
        Map<String, Object> withClaims = new java.util.HashMap<>(pod);
        List<Map<String, Object>> volumes = new ArrayList<>(list(pod, "volumes"));
        claimTemplates.forEach(t -> volumes.add(Map.of("name", str(t, "metadata", "name"), "persistentVolumeClaim", t)));
        withClaims.put("volumes", volumes);
        for (Map<String, Object> c : containers) {
            container(where + " container " + c.get("name"), c, withClaims);
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
        } else if (where.startsWith("Pod/")) {
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
        boolean app = "app".equals(str(c, "name"));
        boolean configEnv = app && !spec.map("config.data").isEmpty() && "env".equals(spec.text("config.mountAs"));
        List<Object> fromMaps = new ArrayList<>(app ? spec.list("envFromConfigMaps") : List.of());
        if (configEnv) {
            fromMaps.add(0, release + "-" + spec.text("chart.name") + "-config");
        }
        expect(list(c, "envFrom").stream().map(e -> get(e, "configMapRef", "name")).toList().equals(fromMaps)
                && list(c, "envFrom").stream().allMatch(e -> get(e, "secretRef") == null), where,
                "envFrom only for config.data as variables and the answered ConfigMaps, never a Secret");
        if (app) {
            spec.map("configMapEnv").forEach((name, ref) -> expect(list(c, "env").stream().anyMatch(e -> name.equals(e.get("name"))
                    && ref.equals(get(e, "valueFrom", "configMapKeyRef", "name") + "/" + get(e, "valueFrom", "configMapKeyRef", "key"))),
                    where, "variable " + name + " from ConfigMap key " + ref));
        }
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

    /** Each probe as answered, of its type, on the application port; liveness and readiness never the same. */
    private void probes(String where, Map<String, Object> c) {
        for (String kind : List.of("liveness", "readiness", "startup")) {
            String at = "probes." + kind + ".";
            Map<String, Object> probe = c.get(kind + "Probe") == null ? null : map(c, kind + "Probe");
            expect(spec.enabled(at + "enabled") == (probe != null), where, kind + " probe as answered");
            if (probe == null) {
                continue;
            }
            String type = spec.text(at + "type");
            switch (type) {
                case "http" -> {
                    expect(spec.text(at + "path").equals(get(probe, "httpGet", "path")), where, kind + " probe path as answered");
                    expect(get(probe, "httpGet", "host") == null, where, kind + " probe without host");
                    expect(spec.text(at + "port").equals(get(probe, "httpGet", "port")), where, kind + " probe on the answered named port");
                }
                case "tcp" -> {
                    expect(get(probe, "tcpSocket", "host") == null, where, kind + " probe without host");
                    expect(spec.text(at + "port").equals(get(probe, "tcpSocket", "port")), where, kind + " probe on the answered named port");
                }
                case "grpc" -> {
                    Object number = list(c, "ports").stream().filter(p -> spec.text(at + "port").equals(p.get("name"))).map(p -> p.get("containerPort"))
                            .findFirst().orElse(null);
                    expect(number != null && number.equals(get(probe, "grpc", "port")), where, kind + " gRPC probe on the number of the answered port");
                    expect(Objects.equals(spec.text(at + "grpcService"), Objects.toString(get(probe, "grpc", "service"), "")),
                            where, kind + " gRPC service as answered");
                }
                case "exec" -> expect(spec.list(at + "command").equals(get(probe, "exec", "command")), where, kind + " command as answered");
                default -> expect(false, where, "a known probe type, not " + type);
            }
            expect(probe.keySet().stream().filter(k -> List.of("httpGet", "tcpSocket", "grpc", "exec").contains(k)).count() == 1,
                    where, kind + " probe has one action");
        }
        if (c.get("livenessProbe") != null && c.get("readinessProbe") != null) {
            expect(!Objects.equals(withoutTimings(map(c, "livenessProbe")), withoutTimings(map(c, "readinessProbe"))), where,
                    "liveness and readiness differ");
        }
    }

    private static Map<String, Object> withoutTimings(Map<String, Object> probe) {
        Map<String, Object> action = new java.util.HashMap<>(probe);
        action.keySet().removeAll(List.of("periodSeconds", "timeoutSeconds", "failureThreshold", "initialDelaySeconds", "successThreshold"));
        return action;
    }

    /** A StatefulSet's stable names come from its headless Service; with persistence each replica has its claim. */
    /** Each extra port declared by the application container and carried by the Service under its Service port. */
    private void extraPorts(Map<String, Object> w) {
        if (w == null || !serving()) {
            return;
        }
        Map<String, Object> app = list(map(template(w), "spec"), "containers").get(0);
        Map<String, Object> service = all("Service").stream().filter(x -> !"None".equals(get(x, "spec", "clusterIP"))).findFirst().orElse(Map.of());
        for (Map<String, Object> p : spec.<Map<String, Object>>list("service.extraPorts")) {
            long port = (Long) p.get("port");
            long servicePort = (Long) p.get("servicePort") == 0 ? port : (Long) p.get("servicePort");
            expect(list(app, "ports").stream().anyMatch(c -> p.get("name").equals(c.get("name")) && Long.valueOf(port).equals(((Number) c.get("containerPort")).longValue())
                    && p.get("protocol").equals(c.get("protocol"))), "container app", "port " + p.get("name") + " declared");
            expect(list(service, "spec", "ports").stream().anyMatch(c -> p.get("name").equals(c.get("name")) && p.get("name").equals(c.get("targetPort"))
                    && Long.valueOf(servicePort).equals(((Number) c.get("port")).longValue())), "Service", "port " + p.get("name") + " on " + servicePort);
        }
    }

    private void statefulSet(Map<String, Object> s) {
        if (s == null || !"StatefulSet".equals(s.get("kind"))) {
            return;
        }
        String where = "StatefulSet/" + str(s, "metadata", "name");
        Map<String, Object> headless = all("Service").stream().filter(x -> str(s, "spec", "serviceName").equals(str(x, "metadata", "name")))
                .findFirst().orElse(null);
        expect(headless != null && "None".equals(get(headless, "spec", "clusterIP"))
                && map(headless, "spec", "selector").equals(map(s, "spec", "selector", "matchLabels")), where, "serviceName is a headless Service of its pods");
        expect(spec.text("statefulSet.podManagementPolicy").equals(get(s, "spec", "podManagementPolicy")), where, "podManagementPolicy as answered");
        expect("Retain".equals(get(s, "spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"))
                && "Retain".equals(get(s, "spec", "persistentVolumeClaimRetentionPolicy", "whenScaled")), where, "claims retained");
        boolean ownClaims = spec.flag("persistence.enabled") && spec.text("persistence.existingClaim").isEmpty();
        List<Map<String, Object>> templates = list(s, "spec", "volumeClaimTemplates");
        expect(templates.size() == (ownClaims ? 1 : 0), where, "a claim template exactly when the chart makes the claims");
        expect(one("PersistentVolumeClaim") == null, where, "no single claim beside the replicas' own");
        if (ownClaims && templates.size() == 1) {
            expect(List.of(spec.text("persistence.accessMode")).equals(get(templates.get(0), "spec", "accessModes"))
                    && spec.text("persistence.size").equals(get(templates.get(0), "spec", "resources", "requests", "storage")),
                    where, "claim template as answered");
            expect(list(s, "spec", "template", "spec", "containers").get(0).get("volumeMounts") instanceof List<?> mounts
                    && mounts.stream().anyMatch(m -> "data".equals(get(m, "name")) && spec.text("persistence.mountPath").equals(get(m, "mountPath"))),
                    where, "each replica's claim mounted at persistence.mountPath");
        }
    }

    /** Sidecars first (native: restartPolicy Always), then the init containers, each as answered. */
    private void extraContainers(String where, Map<String, Object> pod) {
        List<Map<String, Object>> expected = new ArrayList<>(spec.<Map<String, Object>>list("sidecars"));
        int sidecars = expected.size();
        expected.addAll(spec.<Map<String, Object>>list("initContainers"));
        List<Map<String, Object>> actual = list(pod, "initContainers");
        expect(actual.size() == expected.size(), where, expected.size() + " init containers and sidecars");
        Map<String, Object> presets = dev.chartsec.option.OptionCatalog.standard().get("resources.preset").presets();
        for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
            Map<String, Object> c = actual.get(i);
            Map<String, Object> e = expected.get(i);
            String at = where + " init container " + e.get("name");
            expect(e.get("name").equals(c.get("name")), at, "in the answered order");
            String digest = (String) e.get("digest");
            expect((e.get("repository") + ":" + e.get("tag") + (digest.isEmpty() ? "" : "@" + digest)).equals(c.get("image")), at, "image as answered");
            expect("Always".equals(c.get("restartPolicy")) == (i < sidecars), at, "restartPolicy Always exactly for a sidecar");
            Object preset = presets.get((String) e.get("resources"));
            expect(Objects.equals(get(preset, "limits", "memory"), get(c, "resources", "limits", "memory"))
                    && Objects.equals(get(preset, "requests", "cpu"), get(c, "resources", "requests", "cpu")), at, "resources of its preset");
            expect(list(c, "volumeMounts").stream().anyMatch(m -> "/tmp".equals(m.get("mountPath"))), at, "a writable /tmp");
            long port = (Long) e.get("port");
            expect(port == 0 ? c.get("ports") == null : list(c, "ports").stream().anyMatch(p -> Long.valueOf(port).equals(((Number) p.get("containerPort")).longValue())),
                    at, "its port as answered");
        }
        boolean metricsOnSidecar = spec.enabled("metrics.enabled") && spec.integer("metrics.port") > 0
                && spec.<Map<String, Object>>list("sidecars").stream().anyMatch(e -> e.get("port").equals(spec.integer("metrics.port")));
        long named = actual.stream().flatMap(c -> list(c, "ports").stream()).filter(p -> "metrics".equals(p.get("name"))).count();
        expect(named == (metricsOnSidecar ? 1 : 0), where, "the metrics port on the sidecar that listens on it");
    }

    private void deployment(Map<String, Object> d) {
        expect(d != null, spec.text("kind"), "one " + spec.text("kind"));
        if (d == null) {
            return;
        }
        String where = d.get("kind") + "/" + str(d, "metadata", "name");
        Map<String, Object> pod = map(template(d), "spec");
        expect(release.equals(get(template(d), "metadata", "labels", "app.kubernetes.io/instance")),
                where, "app.kubernetes.io/instance is the release name");
        expect(!"default".equals(pod.get("serviceAccountName")) && pod.get("serviceAccountName") != null, where, "own ServiceAccount");
        Map<String, Object> app = list(pod, "containers").get(0);
        expect(spec.text("image.pullPolicy").equals(app.get("imagePullPolicy")), where, "imagePullPolicy as answered");
        String digest = spec.text("image.digest");
        expect(digest.isEmpty() ? !str(app, "image").contains("@") : str(app, "image").endsWith(":" + spec.text("image.tag") + "@" + digest),
                where, "repo:tag@digest when a digest is given");
        boolean tmp = list(app, "volumeMounts").stream().anyMatch(m -> "/tmp".equals(m.get("mountPath")));
        expect(tmp, where, "/tmp is a writable emptyDir");
        for (Map<String, Object> dir : spec.<Map<String, Object>>list("writableDirs")) {
            expect(list(app, "volumeMounts").stream().anyMatch(m -> dir.get("path").equals(m.get("mountPath"))), where,
                    "writable dir " + dir.get("path"));
        }
        List<Map<String, Object>> claims = list(pod, "volumes").stream().filter(v -> "data".equals(v.get("name")) && v.containsKey("persistentVolumeClaim")).toList();
        boolean templated = "StatefulSet".equals(d.get("kind")) && spec.text("persistence.existingClaim").isEmpty();
        expect(claims.size() == (spec.flag("persistence.enabled") && !templated ? 1 : 0), where, "a claim volume exactly when persistence is on");
        if (spec.flag("persistence.enabled") && claims.size() == 1) {
            String claim = str(claims.get(0), "persistentVolumeClaim", "claimName");
            Map<String, Object> made = one("PersistentVolumeClaim");
            String existing = spec.text("persistence.existingClaim");
            expect(existing.isEmpty() ? made != null && claim.equals(get(made, "metadata", "name")) : claim.equals(existing) && made == null,
                    where, "the existing claim, or the one the chart makes");
            if (made != null) {
                expect(List.of(spec.text("persistence.accessMode")).equals(get(made, "spec", "accessModes")), where, "access mode as answered");
                expect(spec.text("persistence.size").equals(get(made, "spec", "resources", "requests", "storage")), where, "size as answered");
                expect("keep".equals(get(made, "metadata", "annotations", "helm.sh/resource-policy")), where, "claim kept on uninstall");
            }
            expect(list(app, "volumeMounts").stream().anyMatch(m -> claims.get(0).get("name").equals(m.get("name"))
                    && spec.text("persistence.mountPath").equals(m.get("mountPath")) && !Boolean.TRUE.equals(m.get("readOnly"))),
                    where, "the claim mounted writable at persistence.mountPath");
            expect("OnRootMismatch".equals(get(pod, "securityContext", "fsGroupChangePolicy")) || spec.flag("securityContext.openshift"),
                    where, "fsGroupChangePolicy OnRootMismatch");
        }
        extraContainers(where, pod);
        for (Map<String, Object> x : spec.<Map<String, Object>>list("extraVolumes")) {
            Map<String, Object> volume = list(pod, "volumes").stream().filter(v -> ("extra-" + x.get("name")).equals(v.get("name"))).findFirst().orElse(Map.of());
            expect(volume.containsKey((String) x.get("type")), where, "volume " + x.get("name") + " of type " + x.get("type"));
            expect(list(app, "volumeMounts").stream().anyMatch(m -> volume.get("name") != null && volume.get("name").equals(m.get("name"))
                    && x.get("mountPath").equals(m.get("mountPath"))
                    && Boolean.TRUE.equals(m.get("readOnly")) == List.of("configMap", "secret").contains(x.get("type"))),
                    where, "volume " + x.get("name") + " at its path, read-only exactly when it is a ConfigMap or Secret");
        }
        boolean hasToken = list(pod, "volumes").stream().anyMatch(v -> get(v, "projected", "sources") != null);
        expect(hasToken == spec.flag("apiAccess.enabled"), where, "projected token exactly when the app needs the API");
        if (!serving()) {
            expect(one("HorizontalPodAutoscaler") == null, where, "no HPA for a batch kind");
        } else if (spec.enabled("autoscaling.enabled")) {
            expect(get(d, "spec", "replicas") == null, where, "no fixed replicas under an autoscaler");
            expect(one("HorizontalPodAutoscaler") != null, where, "an HPA");
        } else {
            expect(Objects.equals(get(d, "spec", "replicas"), (int) spec.integer("replicaCount")), where, "replicas as answered");
            expect(one("HorizontalPodAutoscaler") == null, where, "no HPA");
        }
        String pc = spec.text("priorityClassName");
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
        // a Job makes its own selector; its pods carry the chart's selector labels like any other
        Map<String, Object> selector = serving() ? map(deployment, "spec", "selector", "matchLabels")
                : map(template(deployment), "metadata", "labels").entrySet().stream()
                        .filter(e -> List.of("app.kubernetes.io/name", "app.kubernetes.io/instance").contains(e.getKey()))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<String, Object> releaseOnly = Map.of("app.kubernetes.io/instance", release);
        boolean namespaceWide = "namespace".equals(spec.text("networkPolicy.defaultDeny"));
        int dnsPort = spec.flag("securityContext.openshift") ? 5353 : 53;
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
                expect(serving() || list(s, "ingress").isEmpty(), "NetworkPolicy", "no ingress rule for a batch run");
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
                expect(controller == spec.enabled("networkPolicy.ingressController.enabled"), "NetworkPolicy",
                        "ingress-controller rule as answered");
            }
        }
        expect(deny, "NetworkPolicy", "a default deny (both types, no rules) selecting "
                + (namespaceWide ? "every pod (podSelector {})" : "the release's pods (" + releaseOnly + ")"));
        expect(allow, "NetworkPolicy", "an allow policy selecting the Deployment's pods by its selector, both types, with egress rules");
    }

    private void availability(Map<String, Object> d) {
        if (d == null) {
            return;
        }
        Map<String, Object> pdb = one("PodDisruptionBudget");
        if (!serving()) {
            expect(pdb == null && get(map(template(d), "spec"), "affinity", "podAntiAffinity") == null
                    && list(map(template(d), "spec"), "topologySpreadConstraints").isEmpty(), "PodDisruptionBudget", "no PDB, anti-affinity or spread for a batch run");
            return;
        }
        expect((pdb != null) == spec.enabled("availability.podDisruptionBudget"), "PodDisruptionBudget", "present as answered");
        if (pdb != null) {
            expect("policy/v1".equals(pdb.get("apiVersion")), "PodDisruptionBudget", "policy/v1");
            expect(Integer.valueOf(1).equals(get(pdb, "spec", "maxUnavailable")), "PodDisruptionBudget", "maxUnavailable 1");
            expect("AlwaysAllow".equals(get(pdb, "spec", "unhealthyPodEvictionPolicy")), "PodDisruptionBudget", "AlwaysAllow");
        }
        Map<String, Object> pod = map(template(d), "spec");
        Object anti = get(pod, "affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution");
        expect((anti != null) == spec.enabled("availability.antiAffinity"), "Deployment", "anti-affinity as answered");
        if (anti != null) {
            expect("kubernetes.io/hostname".equals(get(listOf(anti).isEmpty() ? Map.of() : castMap(listOf(anti).get(0)),
                    "podAffinityTerm", "topologyKey")), "Deployment", "anti-affinity on kubernetes.io/hostname");
        }
        List<Map<String, Object>> spread = list(pod, "topologySpreadConstraints");
        expect(spread.isEmpty() != spec.enabled("availability.topologySpread"), "Deployment", "spread as answered");
        spread.forEach(t -> expect(spec.text("availability.spreadWhenUnsatisfiable").equals(t.get("whenUnsatisfiable"))
                && spec.text("availability.spreadTopologyKey").equals(t.get("topologyKey"))
                && Long.valueOf(spec.integer("availability.spreadMaxSkew")).equals(((Number) t.get("maxSkew")).longValue()),
                "Deployment", "spread over the answered key, skew and policy"));
    }

    private void rbac() {
        Map<String, Object> role = one("Role");
        Map<String, Object> binding = one("RoleBinding");
        boolean expected = spec.flag("apiAccess.enabled") && !spec.list("rbac.rules").isEmpty();
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
            expect(spec.text("namespace.podSecurity.audit").equals(labels.get("pod-security.kubernetes.io/audit")), "Namespace", "audit label");
            expect(spec.text("namespace.podSecurity.warn").equals(labels.get("pod-security.kubernetes.io/warn")), "Namespace", "warn label");
            for (String mode : List.of("enforce", "audit", "warn")) {
                expect(spec.text("namespace.podSecurity.version").equals(labels.get("pod-security.kubernetes.io/" + mode + "-version")),
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
