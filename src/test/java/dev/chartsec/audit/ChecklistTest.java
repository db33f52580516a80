package dev.chartsec.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.chartsec.audit.pss.Level;

/**
 * Every rule of chartsec's checklist, each on a compliant set of objects (no finding) and with one field
 * changed (exactly that finding). The compliant set is written here from the security bar, not from
 * chartsec's output.
 */
class ChecklistTest {
    static final String COMPLIANT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app, namespace: shop}
            spec:
              replicas: 2
              selector: {matchLabels: {app: shop}}
              template:
                metadata: {labels: {app: shop, tier: web}}
                spec:
                  automountServiceAccountToken: false
                  securityContext: {runAsNonRoot: true, runAsUser: 10001, seccompProfile: {type: RuntimeDefault}}
                  affinity:
                    podAntiAffinity:
                      preferredDuringSchedulingIgnoredDuringExecution:
                      - weight: 100
                        podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: shop}}}
                  containers:
                  - name: app
                    image: registry.example/shop:1.4.2@sha256:4c1e000000000000000000000000000000000000000000000000000000000000
                    imagePullPolicy: Always
                    ports: [{name: http, containerPort: 8080}]
                    livenessProbe: {httpGet: {path: /live, port: http}}
                    readinessProbe: {httpGet: {path: /ready, port: http}}
                    resources:
                      requests: {cpu: 100m, memory: 128Mi, ephemeral-storage: 64Mi}
                      limits: {cpu: 500m, memory: 256Mi, ephemeral-storage: 128Mi}
                    securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: app, namespace: shop}
            spec: {maxUnavailable: 1, selector: {matchLabels: {app: shop}}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny, namespace: shop}
            spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: shop}}
              policyTypes: [Ingress, Egress]
              egress:
              - ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
              - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.169.254/32]}}]
                ports: [{port: 443}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: app, namespace: shop}
            rules:
            - {apiGroups: [""], resources: [configmaps], verbs: [get, list]}
            - {apiGroups: [""], resources: [secrets], resourceNames: [db], verbs: [get]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: app, namespace: shop}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: app}
            subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              labels: {pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/enforce-version: v1.35}
            """;

    static List<String> ids(String yaml) {
        return new Auditor(Level.RESTRICTED, 35, true).audit(Targets.parse("test", yaml)).stream()
                .map(f -> f.id() + " " + f.path()).toList();
    }

    static void assertOnly(String finding, String from, String to) {
        assertTrue(COMPLIANT.contains(from), "the compliant set holds: " + from);
        assertEquals(List.of(finding), ids(COMPLIANT.replace(from, to)), "changing " + from + " to " + to);
    }

    @Test
    void theCompliantSetHasNoFinding() {
        assertEquals(List.of(), ids(COMPLIANT));
    }

    @Test
    void containerRules() {
        String at = "spec.template.spec.containers[0]";
        assertOnly("CS001 " + at + ".securityContext.readOnlyRootFilesystem", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false");
        assertOnly("CS002 " + at + ".resources.limits.ephemeral-storage", ", ephemeral-storage: 128Mi}", "}");
        assertOnly("CS003 " + at + ".image", "shop:1.4.2@sha256", "shop:latest@sha256");
        assertOnly("CS004 " + at + ".image", "@sha256:4c1e000000000000000000000000000000000000000000000000000000000000", "");
        assertOnly("CS006 " + at + ".readinessProbe", "readinessProbe: {httpGet: {path: /ready, port: http}}", "readinessProbe: {httpGet: {path: /live, port: http}}");
        assertOnly("CS006 " + at + ".livenessProbe", "livenessProbe: {httpGet: {path: /live, port: http}}", "startupProbe: {httpGet: {path: /live, port: http}}");
        assertOnly("CS009 " + at + ".env.DB", "imagePullPolicy: Always",
                "imagePullPolicy: Always\n        env: [{name: DB, valueFrom: {secretKeyRef: {name: db, key: password}}}]");
    }

    @Test
    void pullPolicyIsJudgedAsKubernetesDefaultsIt() {
        String at = "spec.template.spec.containers[0]";
        assertOnly("CS005 " + at + ".imagePullPolicy", "imagePullPolicy: Always", "imagePullPolicy: IfNotPresent");
        // no pull policy on a tagged image: Kubernetes makes it IfNotPresent
        assertOnly("CS005 " + at + ".imagePullPolicy", "imagePullPolicy: Always", "");
        // no pull policy on an untagged image: Kubernetes makes it Always; only the missing tag is a finding
        String untagged = COMPLIANT.replace("imagePullPolicy: Always", "").replace("shop:1.4.2@sha256:4c1e000000000000000000000000000000000000000000000000000000000000", "shop");
        assertEquals(List.of("CS003 " + at + ".image"), ids(untagged));
    }

    @Test
    void initContainersAreReportedAsInitContainers() {
        List<String> found = ids(COMPLIANT.replace("      containers:\n", """
                      initContainers:
                      - name: init
                        image: registry.example/init:1.0@sha256:4c1e000000000000000000000000000000000000000000000000000000000000
                        imagePullPolicy: Always
                        resources:
                          requests: {cpu: 100m, memory: 128Mi, ephemeral-storage: 64Mi}
                          limits: {cpu: 500m, memory: 256Mi, ephemeral-storage: 128Mi}
                        securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: false, capabilities: {drop: [ALL]}}
                      containers:
                """));
        assertEquals(List.of("CS001 spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem"), found);
    }

    @Test
    void tokenAutomount() {
        assertOnly("CS007 spec.template.spec.automountServiceAccountToken", "automountServiceAccountToken: false", "automountServiceAccountToken: true");
    }

    @Test
    void rbacRules() {
        assertOnly("CS008 rules[0].verbs", "verbs: [get, list]", "verbs: [\"*\"]");
        assertOnly("CS008 rules[0].resources", "resources: [configmaps]", "resources: [pods/exec]");
        // the generator refuses serviceaccounts/token; the audit must see it too (one list)
        assertOnly("CS008 rules[0].resources", "resources: [configmaps]", "resources: [serviceaccounts/token]");
        assertOnly("CS008 rules[0].verbs", "verbs: [get, list]", "verbs: [escalate]");
        assertOnly("CS008 rules[1]", "resourceNames: [db], verbs: [get]", "verbs: [get]");
        assertOnly("CS008 rules[1]", "resourceNames: [db], verbs: [get]", "resourceNames: [db], verbs: [get, update]");
        assertOnly("CS008 subjects", "subjects: [{kind: ServiceAccount, name: app,", "subjects: [{kind: ServiceAccount, name: default,");
    }

    @Test
    void networkRules() {
        // both policies drop Egress from their types: nothing isolates the pods' egress any more
        assertOnly("CS010 metadata.labels", "policyTypes: [Ingress, Egress]", "policyTypes: [Ingress]");
        assertOnly("CS011 spec.egress[1].to.ipBlock", ", 169.254.169.254/32]", "]");
        assertOnly("CS011 spec.egress[2]", "    ports: [{port: 443}]\n", "    ports: [{port: 443}]\n  - {}\n");
        assertOnly("CS014 metadata.labels", "port: 53, protocol: UDP}, {port: 53,", "port: 54, protocol: UDP}, {port: 54,");
    }

    @Test
    void anyPolicySelectingThePodsIsolatesThemAsTheApiDoes() {
        // without the namespace-wide deny, the allow policy alone isolates both directions
        String noDeny = COMPLIANT.replace("spec: {podSelector: {}, policyTypes: [Ingress, Egress]}",
                "spec: {podSelector: {matchLabels: {app: other}}, policyTypes: [Ingress, Egress]}");
        assertEquals(List.of(), ids(noDeny));
        // policyTypes left out: Ingress, and Egress because the policy has egress rules
        assertEquals(List.of(), ids(noDeny.replace("  policyTypes: [Ingress, Egress]\n  egress:", "  egress:")));
    }

    @Test
    void aSelectorWithOnlyMatchExpressionsSelectsOnlyItsPods() {
        String byExpression = COMPLIANT.replace("podSelector: {matchLabels: {app: shop}}",
                "podSelector: {matchExpressions: [{key: tier, operator: In, values: [web]}]}");
        assertEquals(List.of(), ids(byExpression));
        // expressions that do not match the pods select nothing (not every pod), so nothing isolates them
        String elsewhere = COMPLIANT.replace("spec: {podSelector: {}, policyTypes: [Ingress, Egress]}",
                "spec: {podSelector: {matchLabels: {app: other}}, policyTypes: [Ingress, Egress]}")
                .replace("podSelector: {matchLabels: {app: shop}}", "podSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [web]}]}");
        assertEquals(List.of("CS010 metadata.labels"), ids(elsewhere));
    }

    static final String CONFIGMAPS = "- {apiGroups: [\"\"], resources: [configmaps], verbs: [get, list]}";

    @Test
    void rbacThatHandsOverTheCluster() {
        assertOnly("CS015 rules[0]", CONFIGMAPS, "- {apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [update]}");
        assertOnly("CS015 rules[0]", CONFIGMAPS, "- {apiGroups: [apiextensions.k8s.io], resources: [customresourcedefinitions], verbs: [patch]}");
        assertOnly("CS015 rules[0]", CONFIGMAPS, "- {apiGroups: [apiregistration.k8s.io], resources: [apiservices], verbs: [create]}");
        assertOnly("CS015 rules[0]", CONFIGMAPS, "- {apiGroups: [certificates.k8s.io], resources: [signers], verbs: [sign]}");
        assertOnly("CS015 rules[0]", CONFIGMAPS, "- {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}");
        // reading them is no escalation
        assertEquals(List.of(), ids(COMPLIANT.replace(CONFIGMAPS,
                "- {apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [get, list]}")));
        // nor is updating the chart's own webhook by name (its caBundle), as cert-manager and gatekeeper do
        assertEquals(List.of(), ids(COMPLIANT.replace(CONFIGMAPS, "- {apiGroups: [admissionregistration.k8s.io], "
                + "resources: [validatingwebhookconfigurations], resourceNames: [app-webhook], verbs: [get, update, patch]}")));
        // the finding names the verbs the rule grants, not every verb the check looks for
        Finding f = new Auditor(Level.RESTRICTED, 35, true).audit(Targets.parse("test", COMPLIANT.replace(CONFIGMAPS,
                "- {apiGroups: [apiextensions.k8s.io], resources: [customresourcedefinitions], verbs: [get, patch]}"))).stream()
                .filter(x -> x.id().equals("CS015")).findFirst().orElseThrow();
        assertEquals("[patch] on apiextensions.k8s.io/customresourcedefinitions", f.found());
    }

    @Test
    void clusterRoleBindingsAreFollowedToTheirRoles() {
        String clusterWide = COMPLIANT.replace("kind: Role\n", "kind: ClusterRole\n").replace("kind: RoleBinding\n", "kind: ClusterRoleBinding\n")
                .replace("kind: Role, name: app}", "kind: ClusterRole, name: app}");
        assertEquals(List.of(), ids(clusterWide), "a cluster-wide read of configmaps and one named secret");
        assertEquals(List.of("CS015 rules[0]"), ids(clusterWide.replace(CONFIGMAPS, "- {apiGroups: [\"\"], resources: [pods], verbs: [create]}")));
        assertEquals(List.of("CS008 rules[1]", "CS015 rules[1]"),
                ids(clusterWide.replace("resources: [secrets], resourceNames: [db], verbs: [get]", "resources: [secrets], verbs: [list]")));
        // the same ClusterRole bound in one namespace only creates pods there
        String namespaced = COMPLIANT.replace("kind: Role\n", "kind: ClusterRole\n").replace("kind: Role, name: app}", "kind: ClusterRole, name: app}");
        assertEquals(List.of(), ids(namespaced.replace(CONFIGMAPS, "- {apiGroups: [\"\"], resources: [pods], verbs: [create]}")));
    }

    @Test
    void bindingsToAllPowerfulRolesOrToEveryone() {
        assertOnly("CS016 roleRef", "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: app}",
                "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}");
        assertOnly("CS016 roleRef", "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: app}",
                "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}");
        assertOnly("CS016 subjects[0]", "subjects: [{kind: ServiceAccount, name: app, namespace: shop}]",
                "subjects: [{kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io}]");
    }

    @Test
    void apiTrafficTheApiServerDoesNotVerify() {
        String apiService = "---\napiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {name: v1beta1.metrics.k8s.io}\n"
                + "spec: {group: metrics.k8s.io, version: v1beta1, groupPriorityMinimum: 100, versionPriority: 100, "
                + "service: {name: metrics-server, namespace: kube-system}, %s}\n";
        assertEquals(List.of("CS017 spec.insecureSkipTLSVerify"), ids(COMPLIANT + apiService.formatted("insecureSkipTLSVerify: true")));
        assertEquals(List.of(), ids(COMPLIANT + apiService.formatted("caBundle: Zm9v")));
        String webhook = "---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata: {name: w}\n"
                + "webhooks: [{name: w.example.com, clientConfig: {url: \"%s\"}, admissionReviewVersions: [v1], sideEffects: None}]\n";
        assertEquals(List.of("CS017 webhooks[0].clientConfig.url"), ids(COMPLIANT + webhook.formatted("http://hooks.example.com/validate")));
        assertEquals(List.of(), ids(COMPLIANT + webhook.formatted("https://hooks.example.com/validate")));
    }

    @Test
    void namespaceLabels() {
        assertOnly("CS012 metadata.labels", "labels: {pod-security.kubernetes.io/enforce: restricted, ", "labels: {");
    }

    @Test
    void availability() {
        assertOnly("CS013 spec.replicas", "selector: {matchLabels: {app: shop}}}", "selector: {matchLabels: {app: other}}}");
        assertOnly("CS013 spec.template.spec.affinity", "podAntiAffinity:", "podAffinity:");
    }
}
