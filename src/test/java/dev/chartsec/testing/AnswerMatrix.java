package dev.chartsec.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer sets every chart test runs over: the defaults, each feature alone, everything on, everything
 * off, the platform modes, and hostile text in every free-text field.
 */
public final class AnswerMatrix {
    /** A 10 KB string of hostile text: Helm and Qute syntax, YAML structure, quotes, controls-free unicode. */
    public static final String HOSTILE_10K = "{{ .Files.Get \"x\" }}{{- fail \"boom\" -}}{a.chart.name}\n: key: value\n- item\n"
            .repeat(1) + "\"'`$(rm -rf /)${HOME}%{x}\\n\\\"".repeat(10)
            + "ünïcødé ✓ 𝄞 \u2028 \u2029 \uFEFF # comment &anchor *alias !!binary |\n >\n"
            + "x".repeat(10_000);

    public static final List<String> HOSTILE = List.of(
            "{{ .Files.Get \"secrets.yaml\" }}",
            "{{- include \"x.fullname\" . -}}{{/* */}}",
            "line one\nline two: injected\n  nested: true",
            "\"double\" 'single' `back` \\ backslash",
            "ends with colon: ",
            "key: value\nother: value",
            "# not a comment",
            "--- \n...\n%YAML 1.2",
            "{a.chart.name} {#if true}qute{/if} {! comment !} \\{",
            "ünïcødé ✓ 漢字 🚀 𝄞 \u2028 \u2029 \uFEFF",
            "&anchor *alias !!python/object:os.system [1, 2] {k: v}",
            "yes", "null", "~", "0x1F", "1e3", "true",
            HOSTILE_10K);

    public record Case(String name, Map<String, Object> answers, Map<String, String> installValues) {
        Case(String name, Map<String, Object> answers) {
            this(name, answers, Map.of());
        }
    }

    private AnswerMatrix() {
    }

    /** The case of this name. */
    public static Case named(String name) {
        return cases().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no answer set named " + name));
    }

    public static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("defaults", answers()));
        c.add(new Case("digest", answers("image.digest", "sha256:" + "ab12".repeat(16),
                "tests.image.digest", "sha256:" + "cd34".repeat(16))));
        c.add(new Case("pull-if-not-present", answers("image.pullPolicy", "IfNotPresent")));
        c.add(new Case("pull-secrets", answers("imagePullSecrets", List.of("regcred", "mirror.creds"))));
        c.add(new Case("ports", answers("containerPort", 9090L, "service.port", 8443L)));
        c.add(new Case("low-port", answers("containerPort", 80L)));
        c.add(new Case("node-port", answers("service.type", "NodePort")));
        c.add(new Case("load-balancer", answers("service.type", "LoadBalancer")));
        c.add(new Case("load-balancer-ranges", answers("service.type", "LoadBalancer",
                "service.sourceRanges", List.of("203.0.113.0/24", "2001:db8:1::/48"))));
        c.add(new Case("node-port-ranges", answers("service.type", "NodePort", "service.sourceRanges", List.of("192.0.2.0/24"))));
        c.add(new Case("node-port-fixed", answers("service.type", "NodePort", "service.nodePort", 30080L,
                "service.externalTrafficPolicy", "Cluster")));
        c.add(new Case("one-replica", answers("replicaCount", 1L)));
        c.add(new Case("five-replicas", answers("replicaCount", 5L)));
        c.add(new Case("medium", answers("resources.preset", "medium")));
        c.add(new Case("large", answers("resources.preset", "large")));
        c.add(new Case("custom-resources", answers("resources.preset", "custom", "resources.requests.cpu", "1.5",
                "resources.limits.cpu", "2", "resources.requests.memory", "1Gi", "resources.limits.memory", "1Gi",
                "resources.requests.ephemeral-storage", "100Mi", "resources.limits.ephemeral-storage", "2Gi")));
        c.add(new Case("startup-probe", answers("probes.startup.enabled", true, "probes.startup.path", "/started")));
        c.add(new Case("probe-paths", answers("probes.liveness.path", "/health/live", "probes.readiness.path", "/health/ready")));
        c.add(new Case("probes-grpc", answers("probes.liveness.type", "grpc", "probes.readiness.type", "grpc",
                "probes.startup.enabled", true, "probes.startup.type", "grpc", "probes.readiness.grpcService", "")));
        c.add(new Case("probes-tcp-exec", answers("probes.liveness.type", "tcp", "probes.readiness.type", "exec",
                "probes.readiness.command", List.of("/app/ready", "--quiet"), "probes.startup.enabled", true, "probes.startup.type", "tcp")));
        c.add(new Case("persistence", answers("persistence.enabled", true, "persistence.size", "5Gi", "persistence.storageClass", "fast-ssd",
                "persistence.accessMode", "ReadWriteOncePod", "replicaCount", 1L, "strategy.type", "Recreate",
                "persistence.mountPath", "/var/lib/app")));
        c.add(new Case("persistence-shared", answers("persistence.enabled", true, "persistence.accessMode", "ReadWriteMany")));
        c.add(new Case("persistence-existing", answers("persistence.enabled", true, "persistence.existingClaim", "restored-data",
                "replicaCount", 1L)));
        c.add(new Case("statefulset", answers("kind", "StatefulSet", "persistence.enabled", true, "replicaCount", 3L,
                "persistence.size", "20Gi")));
        c.add(new Case("statefulset-parallel-bare", answers("kind", "StatefulSet", "statefulSet.podManagementPolicy", "Parallel",
                "replicaCount", 1L, "availability.podDisruptionBudget", false, "availability.antiAffinity", false,
                "persistence.enabled", true, "persistence.existingClaim", "shared-data")));
        c.add(new Case("statefulset-autoscaling", answers("kind", "StatefulSet", "autoscaling.enabled", true,
                "persistence.enabled", true, "persistence.accessMode", "ReadWriteOncePod", "config.data", Map.of("app.conf", "mode=cluster"))));
        c.add(new Case("cronjob", answers("kind", "CronJob", "cronJob.schedule", "30 4 * * 1-5",
                "cronJob.timeZone", "Europe/Berlin", "config.data", Map.of("job.yaml", "batch: 500"))));
        c.add(new Case("cronjob-no-deadline", answers("kind", "CronJob", "cronJob.schedule", "@hourly",
                "cronJob.concurrencyPolicy", "Replace", "cronJob.startingDeadlineSeconds", 0L, "job.restartPolicy", "OnFailure",
                "job.activeDeadlineSeconds", 600L, "networkPolicy.egress.postgresql.enabled", true)));
        c.add(new Case("job", answers("kind", "Job", "job.backoffLimit", 0L, "job.ttlSecondsAfterFinished", 3600L,
                "persistence.enabled", true, "command", List.of("/app/migrate"), "secrets.mode", "existing",
                "secrets.existingSecret", "db", "secrets.keys", List.of("url"))));
        c.add(new Case("sidecars", answers("sidecars", List.of(Map.of("name", "exporter", "repository", "ghcr.io/acme/exporter",
                "tag", "0.15.0", "digest", "sha256:" + "ab".repeat(32), "args", List.of("--web.listen-address=:9102"), "port", 9102L, "resources", "small"),
                Map.of("name", "proxy", "repository", "ghcr.io/acme/proxy", "tag", "2.0.1", "port", 15001L)),
                "initContainers", List.of(Map.of("name", "migrate", "repository", "ghcr.io/acme/shop", "tag", "1.0.0",
                        "command", List.of("/app/migrate", "--up"), "resources", "medium")),
                "metrics.enabled", true, "metrics.port", 9102L, "persistence.enabled", true, "persistence.accessMode", "ReadWriteMany")));
        c.add(new Case("extra-ports", answers("service.extraPorts", List.of(
                Map.of("name", "grpc", "port", 9000L, "servicePort", 90L),
                Map.of("name", "admin", "port", 9001L, "sources", List.of(Map.of("namespace", "ops", "podLabels", Map.of("app", "console")),
                        Map.of("cidr", "10.20.0.0/16"))),
                Map.of("name", "gossip", "port", 7946L, "protocol", "UDP", "sources", List.of(Map.of("podLabels", Map.of("app", "peer"))))),
                "networkPolicy.extraIngress", List.of(Map.of("cidr", "192.168.7.0/24")))));
        c.add(new Case("configmap-env", answers("configMapEnv", Map.of("LOG_LEVEL", "app-settings/log-level", "REGION", "cluster-info/region.name"),
                "envFromConfigMaps", List.of("feature-flags", "shared.settings"), "config.data", Map.of("MODE", "fast"), "config.mountAs", "env")));
        c.add(new Case("extra-volumes", answers("extraVolumes", List.of(
                Map.of("name", "ca", "type", "configMap", "source", "company-ca", "mountPath", "/etc/ssl/company"),
                Map.of("name", "tls", "type", "secret", "source", "shop-tls", "mountPath", "/var/run/tls"),
                Map.of("name", "scratch", "type", "emptyDir", "mountPath", "/var/scratch", "sizeLimit", "1Gi"),
                Map.of("name", "archive", "type", "persistentVolumeClaim", "source", "archive", "mountPath", "/archive")))));
        c.add(new Case("probes-management-port", answers("service.extraPorts", List.of(Map.of("name", "management", "port", 9000L,
                        "sources", List.of(Map.of("namespace", "monitoring")))),
                "probes.liveness.port", "management", "probes.liveness.path", "/q/health/live",
                "probes.readiness.port", "management", "probes.readiness.path", "/q/health/ready",
                "probes.startup.enabled", true, "probes.startup.type", "grpc", "probes.startup.port", "management")));
        c.add(new Case("probes-off", answers("probes.liveness.enabled", false, "probes.readiness.enabled", false)));
        c.add(new Case("liveness-off", answers("probes.liveness.enabled", false, "probes.readiness.type", "tcp")));
        c.add(new Case("writable-dirs", answers("writableDirs", List.of(
                Map.of("path", "/var/cache/nginx"), Map.of("path", "/home/app/.cache", "sizeLimit", "1Gi")))));
        c.add(new Case("env", answers("env", Map.of("LOG_LEVEL", "debug", "FEATURE_X", "on", "EMPTY", ""))));
        c.add(new Case("baseline", answers("security.podSecurityLevel", "baseline")));
        c.add(new Case("openshift", answers("securityContext.openshift", true)));
        c.add(new Case("low-ids", answers("securityContext.runAsUser", 1000L, "securityContext.runAsGroup", 1000L)));
        c.add(new Case("custom-ids", answers("securityContext.runAsUser", 20000L, "securityContext.runAsGroup", 30000L)));
        c.add(new Case("existing-service-account", answers("serviceAccount.create", false, "serviceAccount.name", "shared-sa")));
        c.add(new Case("named-service-account", answers("serviceAccount.name", "shop-runner")));
        c.add(new Case("api-access", answers("apiAccess.enabled", true, "networkPolicy.egress.apiServer.cidr", "172.18.0.2/32",
                "networkPolicy.egress.apiServer.port", 6443L, "rbac.rules", List.of(
                Map.of("apiGroups", List.of(""), "resources", List.of("configmaps"), "verbs", List.of("get", "list", "watch")),
                Map.of("apiGroups", List.of(""), "resources", List.of("secrets"), "verbs", List.of("get"),
                        "resourceNames", List.of("shop-tls")),
                Map.of("apiGroups", List.of("apps"), "resources", List.of("deployments/scale"), "verbs", List.of("patch"))))));
        c.add(new Case("api-access-no-rules", answers("apiAccess.enabled", true,
                "networkPolicy.egress.apiServer.cidr", "10.0.0.0/28")));
        c.add(new Case("api-access-no-policies", answers("apiAccess.enabled", true, "networkPolicy.enabled", false)));
        c.add(new Case("existing-secret", answers("secrets.mode", "existing", "secrets.existingSecret", "shop-db",
                "secrets.keys", List.of("password", "username"))));
        c.add(new Case("existing-secret-env", answers("secrets.mode", "existing", "secrets.existingSecret", "shop-db",
                "secrets.keys", List.of("db-password", "api.token"), "secrets.mountAs", "env")));
        c.add(new Case("chart-secret", answers("secrets.mode", "chart", "secrets.keys", List.of("db-password", "tls.key"),
                "secrets.mountPath", "/etc/shop/secrets"),
                Map.of("secrets.values.db-password", "s3cr3t", "secrets.values.tls\\.key", "key-material")));
        c.add(new Case("chart-secret-env", answers("secrets.mode", "chart", "secrets.keys", List.of("token"),
                "secrets.mountAs", "env"), Map.of("secrets.values.token", "t0k3n")));
        c.add(new Case("external-secret", answers("secrets.mode", "external", "secrets.keys", List.of("db-password", "api.token"),
                "secrets.external.store", "vault-backend", "secrets.external.remoteKey", "prod/shop/db")));
        c.add(new Case("external-secret-env", answers("secrets.mode", "external", "secrets.keys", List.of("token"),
                "secrets.mountAs", "env", "secrets.external.store", "aws", "secrets.external.storeKind", "SecretStore",
                "secrets.external.remoteKey", "shop/token", "secrets.external.refreshInterval", "15m")));
        c.add(new Case("no-network-policy", answers("networkPolicy.enabled", false)));
        c.add(new Case("namespace-wide-deny", answers("networkPolicy.defaultDeny", "namespace")));
        c.add(new Case("no-ingress-controller", answers("networkPolicy.ingressController.enabled", false)));
        c.add(new Case("custom-ingress-controller", answers("networkPolicy.ingressController.preset", "custom",
                "networkPolicy.ingressController.namespace", "edge-proxies",
                "networkPolicy.ingressController.podLabels", Map.of("app.kubernetes.io/name", "edge", "tier", "edge"))));
        c.add(new Case("traefik", answers("networkPolicy.ingressController.preset", "traefik")));
        c.add(new Case("envoy-gateway", answers("networkPolicy.ingressController.preset", "envoy-gateway")));
        c.add(new Case("metrics-service-monitor", answers("metrics.enabled", true, "metrics.port", 9090L,
                "metrics.labels", Map.of("release", "kube-prometheus-stack"))));
        c.add(new Case("metrics-pod-monitor", answers("metrics.enabled", true, "metrics.monitor", "PodMonitor",
                "metrics.path", "/q/metrics", "metrics.interval", "15s", "metrics.prometheus.namespace", "observability",
                "metrics.prometheus.podLabels", Map.of("app", "prometheus", "tier", "scrape"))));
        c.add(new Case("same-namespace", answers("networkPolicy.sameNamespace", true)));
        c.add(new Case("extra-ingress", answers("networkPolicy.extraIngress", List.of(
                Map.of("namespace", "monitoring", "podLabels", Map.of("app.kubernetes.io/name", "prometheus")),
                Map.of("podLabels", Map.of("role", "frontend")),
                Map.of("namespace", "batch"),
                Map.of("cidr", "10.20.0.0/16")))));
        c.add(new Case("postgres-redis", answers("networkPolicy.egress.postgresql.enabled", true, "networkPolicy.egress.redis.enabled", true)));
        c.add(new Case("egress-pods", answers("networkPolicy.egress.pods", List.of(
                Map.of("name", "payments", "namespace", "payments", "podLabels", Map.of("app", "payments"), "port", 8443L),
                Map.of("name", "metrics", "podLabels", Map.of("app", "statsd"), "port", 8125L, "protocol", "UDP")))));
        c.add(new Case("external-https", answers("networkPolicy.egress.externalHttps.enabled", true)));
        c.add(new Case("egress-cidrs", answers("networkPolicy.egress.cidrs", List.of(
                Map.of("cidr", "203.0.113.0/24", "port", 5432L),
                Map.of("cidr", "198.51.100.0/24", "except", List.of("198.51.100.128/25"), "port", 53L, "protocol", "UDP"),
                Map.of("cidr", "2001:db8::/32", "port", 443L)))));
        c.add(new Case("ingress", answers("ingress.enabled", true, "ingress.host", "shop.example.com",
                "ingress.tlsSecret", "shop-tls", "ingress.path", "/api", "ingress.className", "nginx-internal")));
        c.add(new Case("cert-manager-annotation", answers("ingress.enabled", true, "ingress.host", "shop.example.com",
                "ingress.tlsSecret", "shop-tls", "ingress.certManager.mode", "annotation", "ingress.certManager.issuer", "letsencrypt-prod",
                "ingress.annotations", Map.of("nginx.ingress.kubernetes.io/proxy-body-size", "8m"))));
        c.add(new Case("cert-manager-certificate", answers("ingress.enabled", true, "ingress.host", "shop.example.com",
                "ingress.tlsSecret", "shop-tls", "ingress.certManager.mode", "certificate", "ingress.certManager.issuer", "internal-ca",
                "ingress.certManager.issuerKind", "Issuer")));
        c.add(new Case("http-route", answers("httpRoute.enabled", true, "networkPolicy.ingressController.preset", "envoy-gateway",
                "httpRoute.parentRefs", List.of(Map.of("name", "eg", "namespace", "envoy-gateway-system", "sectionName", "https"),
                        Map.of("name", "internal")),
                "httpRoute.hostnames", List.of("shop.example.com", "*.shop.example.net"), "httpRoute.path", "/api")));
        c.add(new Case("metadata", answers("commonLabels", Map.of("team", "shop", "example.com/cost-center", "42"),
                "podLabels", Map.of("azure.workload.identity/use", "true"),
                "podAnnotations", Map.of("prometheus.io/scrape", "true", "example.com/note", "a: b\n{{ .Values }}"),
                "serviceAccount.annotations", Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/shop"),
                "service.annotations", Map.of("service.beta.kubernetes.io/aws-load-balancer-scheme", "internal"),
                "ingress.enabled", true, "ingress.host", "shop.example.com", "ingress.tlsSecret", "shop-tls",
                "ingress.annotations", Map.of("cert-manager.io/cluster-issuer", "letsencrypt"))));
        c.add(new Case("extra-objects", answers("extraObjects", List.of(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shop-extra\ndata:\n  note: \"{{ .Release.Name }} stays text\"\n",
                Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "shop-extra-2"))))));
        c.add(new Case("scheduling", answers("nodeSelector", Map.of("kubernetes.io/arch", "arm64", "pool", "apps"),
                "tolerations", List.of(Map.of("key", "dedicated", "value", "apps", "effect", "NoSchedule"),
                        Map.of("key", "spot", "operator", "Exists")))));
        c.add(new Case("affinity-and-spread", answers("scheduling.nodeAffinity", List.of(
                        Map.of("key", "node.kubernetes.io/instance-type", "values", List.of("m7i.large", "m7g.large")),
                        Map.of("key", "example.com/dedicated", "operator", "DoesNotExist")),
                "availability.spreadTopologyKey", "kubernetes.io/hostname", "availability.spreadMaxSkew", 2L,
                "availability.spreadWhenUnsatisfiable", "DoNotSchedule")));
        c.add(new Case("command-args-lifecycle", answers("command", List.of("/app/server"),
                "args", List.of("--port=8080", "--log-format=json", "{{ .Values }}"),
                "terminationGracePeriodSeconds", 45L, "preStopSleepSeconds", 10L, "minReadySeconds", 5L)));
        c.add(new Case("pod-info-env", answers("podInfoEnv", Map.of("POD_NAME", "metadata.name", "POD_IP", "status.podIP",
                "GOMAXPROCS", "limits.cpu", "MEMORY_REQUEST", "requests.memory"), "env", Map.of("MODE", "x"))));
        c.add(new Case("rollout-recreate", answers("strategy.type", "Recreate")));
        c.add(new Case("rollout-surge", answers("strategy.maxSurge", "1", "strategy.maxUnavailable", "25%")));
        c.add(new Case("config-files", answers("config.data", Map.of("app.yaml", "server:\n  port: 8080\n", "LOG_LEVEL", "info"),
                "config.mountPath", "/etc/shop")));
        c.add(new Case("config-env", answers("config.data", Map.of("LOG_LEVEL", "debug", "FEATURE_X", "on"), "config.mountAs", "env")));
        c.add(new Case("registry-mirror", answers("global.imageRegistry", "mirror.example.com:5000/hub")));
        c.add(new Case("availability-off", answers("availability.podDisruptionBudget", false,
                "availability.antiAffinity", false, "availability.topologySpread", false)));
        c.add(new Case("autoscaling", answers("autoscaling.enabled", true, "autoscaling.minReplicas", 3L,
                "autoscaling.maxReplicas", 10L, "autoscaling.targetCPUUtilizationPercentage", 60L)));
        c.add(new Case("autoscaling-memory", answers("autoscaling.enabled", true, "autoscaling.targetMemoryUtilizationPercentage", 75L,
                "autoscaling.behavior.scaleDown.stabilizationWindowSeconds", 600L)));
        c.add(new Case("priority-class", answers("priorityClassName", "business-critical")));
        c.add(new Case("namespace", answers("namespace.create", true)));
        c.add(new Case("namespace-baseline", answers("namespace.create", true, "security.podSecurityLevel", "baseline",
                "namespace.podSecurity.audit", "privileged", "namespace.podSecurity.warn", "baseline", "namespace.podSecurity.version", "latest")));
        c.add(new Case("chart-metadata", answers("chart.version", "2.3.4-rc.1+build.5", "chart.appVersion", "v2024.11.29",
                "chart.kubeVersion", ">=1.28.0-0 <1.40.0-0", "chart.icon", "https://example.com/icon.svg",
                "chart.maintainers", List.of(Map.of("name", "Platform Team", "email", "platform@example.com",
                        "url", "https://example.com/team"), Map.of("name", "Ada")))));
        c.add(new Case("everything-on", everythingOn(), Map.of("secrets.values.db-password", "x")));
        c.add(new Case("chartsec-itself", chartsecItself()));
        c.add(new Case("everything-off", answers("networkPolicy.enabled", false, "availability.podDisruptionBudget", false,
                "availability.antiAffinity", false, "availability.topologySpread", false, "serviceAccount.create", false,
                "serviceAccount.name", "legacy", "probes.startup.enabled", false, "replicaCount", 1L,
                "chart.icon", "", "image.pullPolicy", "IfNotPresent")));
        for (int i = 0; i < HOSTILE.size(); i++) {
            String text = HOSTILE.get(i);
            c.add(new Case("hostile-" + i, answers("chart.description", text,
                    "chart.maintainers", List.of(Map.of("name", text.length() <= 256 ? text : HOSTILE.get(0))),
                    "env", Map.of("GREETING", text),
                    "podAnnotations", Map.of("example.com/note", text.length() <= 4096 ? text : HOSTILE.get(0)))));
        }
        return c;
    }

    /** chartsec's own chart's answers, as deploy/chart was generated from them. */
    public static Map<String, Object> chartsecItself() {
        List<dev.chartsec.option.Violation> problems = new ArrayList<>();
        Map<String, Object> a = new dev.chartsec.option.AnswersFile(dev.chartsec.option.OptionCatalog.standard())
                .read(Chartsec.HOME.resolve("deploy/chartsec.answers.yaml"), problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("deploy/chartsec.answers.yaml: " + problems);
        }
        return a;
    }

    static Map<String, Object> everythingOn() {
        Map<String, Object> a = answers("image.digest", "sha256:" + "0f".repeat(32), "tests.image.digest", "sha256:" + "1e".repeat(32),
                "imagePullSecrets", List.of("regcred"), "probes.startup.enabled", true,
                "writableDirs", List.of(Map.of("path", "/var/run/app")),
                "env", Map.of("MODE", "all"), "apiAccess.enabled", true,
                "networkPolicy.egress.apiServer.cidr", "192.168.49.2/32",
                "rbac.rules", List.of(Map.of("apiGroups", List.of(""), "resources", List.of("pods"), "verbs", List.of("get", "list"))),
                "secrets.mode", "chart", "secrets.keys", List.of("db-password"),
                "networkPolicy.sameNamespace", true, "networkPolicy.egress.postgresql.enabled", true, "networkPolicy.egress.redis.enabled", true,
                "networkPolicy.egress.externalHttps.enabled", true,
                "networkPolicy.extraIngress", List.of(Map.of("cidr", "10.0.0.0/8")),
                "networkPolicy.egress.pods", List.of(Map.of("name", "auth", "podLabels", Map.of("app", "auth"), "port", 9000L)),
                "networkPolicy.egress.cidrs", List.of(Map.of("cidr", "192.0.2.0/24", "port", 25L)),
                "ingress.enabled", true, "ingress.host", "all.example.com", "ingress.tlsSecret", "all-tls",
                "ingress.certManager.mode", "certificate", "ingress.certManager.issuer", "letsencrypt",
                "httpRoute.enabled", true, "httpRoute.parentRefs", List.of(Map.of("name", "eg")),
                "autoscaling.enabled", true, "priorityClassName", "high", "namespace.create", true,
                "metrics.enabled", true, "metrics.port", 9090L, "networkPolicy.ingressController.preset", "envoy-gateway",
                "scheduling.nodeAffinity", List.of(Map.of("key", "kubernetes.io/os", "values", List.of("linux"))),
                "extraObjects", List.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "all-extra"))),
                "command", List.of("/app/server"), "args", List.of("--all"), "preStopSleepSeconds", 5L,
                "minReadySeconds", 5L, "config.data", Map.of("app.yaml", "all: true\n"),
                "podInfoEnv", Map.of("POD_NAME", "metadata.name", "GOMAXPROCS", "limits.cpu"),
                "kind", "StatefulSet", "persistence.enabled", true, "persistence.storageClass", "fast",
                "probes.liveness.type", "grpc", "probes.readiness.type", "tcp",
                "sidecars", List.of(Map.of("name", "exporter", "repository", "ghcr.io/acme/exporter", "tag", "0.15.0",
                        "digest", "sha256:" + "2d".repeat(32), "port", 9090L)),
                "initContainers", List.of(Map.of("name", "migrate", "repository", "ghcr.io/acme/shop", "tag", "1.0.0",
                        "digest", "sha256:" + "0f".repeat(32), "command", List.of("/app/migrate"))),
                "service.extraPorts", List.of(Map.of("name", "grpc", "port", 9000L)));
        return a;
    }

    /** Answers from id/value pairs, with the chart name every case shares. */
    public static Map<String, Object> answers(Object... idValuePairs) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("chart.name", "shop");
        for (int i = 0; i < idValuePairs.length; i += 2) {
            a.put((String) idValuePairs[i], idValuePairs[i + 1]);
        }
        return a;
    }
}
