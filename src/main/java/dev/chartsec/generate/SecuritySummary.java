package dev.chartsec.generate;

import java.util.ArrayList;
import java.util.List;

import dev.chartsec.option.ChartSpec;
import dev.chartsec.rules.SecurityRules;

/**
 * What a chart enforces whatever the answers, and what the answers opened or cost: the security summary
 * shown in the chart's README, by the wizard before it writes, and in the REST preview.
 *
 * @param exemptions scanner checks a choice makes fail by nature, each "scanner check: reason", from
 *                   conformance/exemptions.yaml
 */
public record SecuritySummary(List<String> enforced, List<String> opened, List<String> exemptions) {

    public static SecuritySummary of(ChartSpec s) {
        List<String> enforced = new ArrayList<>(List.of(
                "Pod Security Standards: the pod" + (ChartModel.serving(s) ? " and the test pod meet" : " meets") + " `restricted`; the chart is held to `"
                        + s.text("security.podSecurityLevel") + "`",
                "non-root user, no privilege escalation, no capabilities (drop ALL), read-only root filesystem, RuntimeDefault seccomp",
                "writable directories are size-limited emptyDirs (/tmp always)",
                "service-account token automount off on the ServiceAccount and the pod",
                "image tag required and `latest` refused; pull policy and digest as configured",
                "cpu, memory and ephemeral-storage requests and limits on every container",
                "values.schema.json refuses unknown keys and invalid values at install time"));
        List<String> opened = new ArrayList<>();
        boolean serving = ChartModel.serving(s);
        if (!serving) {
            enforced.add("a " + s.text("kind") + " takes no traffic: no Service, and its NetworkPolicy admits nothing in");
        } else if (s.flag("probes.liveness.enabled") && s.flag("probes.readiness.enabled")) {
            enforced.add("distinct liveness and readiness probes on the application port");
        }
        if (serving && !s.flag("probes.liveness.enabled")) {
            opened.add("no liveness probe: a hung process is not restarted");
        }
        if (serving && !s.flag("probes.readiness.enabled")) {
            opened.add("no readiness probe: a pod receives traffic as soon as its container starts");
        }
        if (s.flag("networkPolicy.enabled")) {
            enforced.add("release".equals(s.text("networkPolicy.defaultDeny"))
                    ? "default-deny NetworkPolicy for the release's pods, with an allow policy for exactly the listed traffic"
                    : "default-deny NetworkPolicy for every pod of the namespace, with an allow policy for exactly the listed traffic");
            if (ChartModel.outsideClients(s)) {
                opened.add("outside clients from " + String.join(", ", s.<String>list("service.sourceRanges"))
                        + " may reach the application port");
            }
            if (s.flag("apiAccess.enabled")) {
                opened.add("the pod may reach the Kubernetes API server at " + s.text("networkPolicy.egress.apiServer.cidr")
                        + " port " + s.integer("networkPolicy.egress.apiServer.port"));
            }
            if (s.enabled("networkPolicy.sameNamespace")) {
                opened.add("every pod of the release namespace may reach the application port");
            }
            if (s.enabled("metrics.enabled")) {
                opened.add("Prometheus's pods in namespace " + s.text("metrics.prometheus.namespace") + " may scrape "
                        + (s.integer("metrics.port") > 0 ? "the metrics port " + s.integer("metrics.port") + " (no other source may)"
                                : "the application port"));
            }
            if (s.flag("networkPolicy.egress.externalHttps.enabled")) {
                opened.add("HTTPS to the internet (" + SecurityRules.internetExceptText() + " excepted)");
            }
            if (!s.list("networkPolicy.egress.cidrs").isEmpty()) {
                opened.add("egress to " + s.list("networkPolicy.egress.cidrs").size() + " CIDR rule(s)");
            }
        } else {
            opened.add("no NetworkPolicy: every pod in the cluster can reach the application, and it can reach anything");
        }
        if (s.flag("apiAccess.enabled")) {
            opened.add("the pod holds a short-lived Kubernetes API token; its Role grants "
                    + s.list("rbac.rules").size() + " rule(s)");
        }
        if ("external".equals(s.text("secrets.mode"))) {
            enforced.add("secret values come from the " + s.text("secrets.external.storeKind") + " `" + s.text("secrets.external.store")
                    + "` through the External Secrets Operator: none passes through Helm, and helm template renders the chart as it is");
        }
        if (!"none".equals(s.text("secrets.mode")) && "env".equals(s.text("secrets.mountAs"))) {
            opened.add("secrets are environment variables, visible to child processes and in crash dumps");
        }
        if (s.flag("securityContext.openshift")) {
            opened.add("OpenShift mode: user and group ids are left to the platform");
        } else if (s.integer("securityContext.runAsUser") < 10000 || s.integer("securityContext.runAsGroup") < 10000) {
            opened.add("user or group id below 10000 may overlap host users");
        }
        if (s.integer("containerPort") < 1024) {
            opened.add("container port below 1024 needs a runtime that allows unprivileged low ports");
        }
        if (ChartModel.outsideClients(s)) {
            opened.add("the Service is reachable from outside the cluster (" + s.text("service.type") + ")");
        }
        if (!s.list("extraObjects").isEmpty()) {
            opened.add(s.list("extraObjects").size() + " extra object(s) from extraObjects, rendered as given: your responsibility"
                    + " (chartsec audit holds them to the same standard)");
        }
        List<String> exemptions = Exemptions.forSpec(s).stream().map(e -> e.text(s)).toList();
        return new SecuritySummary(List.copyOf(enforced), List.copyOf(opened), exemptions);
    }
}
