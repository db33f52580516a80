package dev.chartsec.option;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.chartsec.testing.AnswerMatrix;

class AnswerValidatorTest {
    static final OptionCatalog CATALOG = OptionCatalog.standard();
    static final AnswerValidator VALIDATOR = new AnswerValidator(CATALOG);

    static List<Violation> violations(Map<String, Object> answers) {
        return assertThrows(InvalidAnswersException.class, () -> VALIDATOR.validate(answers)).violations();
    }

    static Map<String, Object> flags(String... sets) {
        List<Violation> problems = new ArrayList<>();
        Map<String, Object> answers = new LinkedHashMap<>(Map.of("chart.name", "shop"));
        answers.putAll(new FlagValues(CATALOG).parse(List.of(sets), problems));
        assertEquals(List.of(), problems);
        return answers;
    }

    @Test
    void extraObjectsMustEachBeOneNamedObjectReadAsData() {
        for (Object manifest : List.of("kind: ConfigMap", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\nkind: Pod",
                "[1, 2]", "{unclosed", "!!python/object/apply:os.system ['id']", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}",
                "a: &x [1]\nb: *x", Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of()))) {
            List<Violation> v = violations(Map.of("chart.name", "shop", "extraObjects", List.of(manifest)));
            assertEquals(List.of("extraObjects[0]"), v.stream().map(Violation::option).toList(), String.valueOf(manifest));
            assertTrue(v.get(0).allowed().contains("apiVersion, kind and metadata.name"));
        }
        ChartSpec spec = VALIDATOR.validate(Map.of("chart.name", "shop", "extraObjects",
                List.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "a")))));
        assertEquals(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "a")),
                Manifest.object(spec.<String>list("extraObjects").get(0)), "an object given as data is kept as its text");
    }

    @Test
    void defaultsAreValidWithANameAndNothingElse() {
        ChartSpec spec = VALIDATOR.validate(Map.of("chart.name", "shop"));
        assertEquals("restricted", spec.text("security.podSecurityLevel"));
        assertEquals(10001L, spec.integer("securityContext.runAsUser"));
        assertTrue(spec.flag("networkPolicy.enabled"));
        assertEquals(List.of(), spec.warnings());
        assertFalse(spec.applies("ingress.host"), "ingress.host applies only with ingress.enabled");
    }

    @Test
    void aFormerIdStillWorksAndNamesItsValuesPath() {
        Map<String, Object> answers = flags("workload.replicas=3", "security.apiAccess=true", "networkPolicy.egress.apiServer.cidr=10.0.0.1/32");
        answers.put("chart.name", "shop");
        ChartSpec spec = VALIDATOR.validate(answers);
        assertEquals(3L, spec.integer("replicaCount"));
        assertTrue(spec.flag("apiAccess.enabled"));
        assertEquals(List.of("security.apiAccess: is now called apiAccess.enabled (its values.yaml path); the former name still works",
                "workload.replicas: is now called replicaCount (its values.yaml path); the former name still works"),
                spec.warnings().stream().map(Warning::text).toList());
        List<Violation> both = violations(flags("workload.replicas=3", "replicaCount=4"));
        assertEquals(List.of("workload.replicas"), both.stream().map(Violation::option).toList());
    }

    @Test
    void everyViolationIsReportedAtOnceWithIdValueAndAllowed() {
        List<Violation> v = violations(flags("image.tag=latest", "image.digest=md5:abc", "replicaCount=0",
                "service.type=ExternalName", "networkPolicy.enabled=maybe", "imag.tag=1"));
        List<String> ids = v.stream().map(Violation::option).sorted().toList();
        assertEquals(List.of("imag.tag", "image.digest", "image.tag", "networkPolicy.enabled", "replicaCount", "service.type"), ids);
        Violation tag = v.stream().filter(x -> x.option().equals("image.tag")).findFirst().orElseThrow();
        assertEquals("latest", tag.value());
        assertTrue(tag.message().contains("refused") && tag.message().contains("not 'latest'"), tag.message());
        Violation typo = v.stream().filter(x -> x.option().equals("imag.tag")).findFirst().orElseThrow();
        assertTrue(typo.message().contains("did you mean 'image.tag'"), typo.message());
    }

    @Test
    void missingRequiredAnswersAreListed() {
        List<Violation> v = violations(Map.of("ingress.enabled", true, "secrets.mode", "existing"));
        assertEquals(List.of("chart.name", "secrets.existingSecret", "secrets.keys", "ingress.host", "ingress.tlsSecret"),
                v.stream().map(Violation::option).toList());
        v.forEach(x -> assertTrue(x.message().contains("required") && x.allowed() != null, x.message()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "chart.name=Shop                              | chart.name",
            "chart.name=a-chart-name-that-is-far-too-long-for-any-helm-release-name-at-all | chart.name",
            "chart.version=1.0                             | chart.version",
            "chart.appVersion=1.0 beta                     | chart.appVersion",
            "chart.icon=javascript:alert(1)                | chart.icon",
            "image.repository=ghcr.io/Acme/shop            | image.repository",
            "image.tag=1.0:evil                            | image.tag",
            "containerPort=0                      | containerPort",
            "containerPort=eighty                 | containerPort",
            "securityContext.runAsUser=0                          | securityContext.runAsUser",
            "serviceAccount.name=default                   | serviceAccount.name",
            "probes.liveness.path=livez                    | probes.liveness.path",
            "probes.readiness.path=/livez                  | probes.readiness.path",
            "probes.liveness.type=tcp & probes.readiness.type=tcp | probes.readiness.type",
            "probes.liveness.type=grpc & probes.readiness.type=grpc & probes.readiness.grpcService=liveness | probes.readiness.grpcService",
            "probes.readiness.type=exec                    | probes.readiness.command",
            "probes.liveness.type=exec & probes.readiness.type=exec & probes.liveness.command=[/ok] & probes.readiness.command=[/ok] | probes.readiness.command",
            "probes.liveness.type=ftp                      | probes.liveness.type",
            "sidecars=[{name: app, repository: r, tag: v1}] | sidecars[0].name",
            "sidecars=[{name: x, repository: r, tag: latest}] | sidecars[0].tag",
            "initContainers=[{name: x, repository: r, tag: v1, port: 80}] | initContainers[0].port",
            "sidecars=[{name: x, repository: r, tag: v1, port: 8080}] | sidecars[0].port",
            "sidecars=[{name: x, repository: r, tag: v1}] & initContainers=[{name: x, repository: r, tag: v1}] | initContainers[0].name",
            "kind=CronJob & cronJob.schedule=61 * * * * | cronJob.schedule",
            "kind=StatefulSet & statefulSet.podManagementPolicy=Random | statefulSet.podManagementPolicy",
            "persistence.enabled=true                      | persistence.accessMode",
            "probes.liveness.port=admin                   | probes.liveness.port",
            "probes.readiness.port=metrics                | probes.readiness.port",
            "extraVolumes=[{name: ca, type: configMap, mountPath: /etc/ca}] | extraVolumes[0].source",
            "extraVolumes=[{name: x, type: emptyDir, source: y, mountPath: /x}] | extraVolumes[0].source",
            "extraVolumes=[{name: x, type: hostPath, source: y, mountPath: /x}] | extraVolumes[0].type",
            "extraVolumes=[{name: x, type: secret, source: y, mountPath: /tmp}] | extraVolumes[0].mountPath",
            "extraVolumes=[{name: data, type: secret, source: y, mountPath: /x}] | extraVolumes[0].name",
            "configMapEnv=DB_PASSWORD=db/password   | configMapEnv key",
            "configMapEnv=LEVEL=no-key-given        | configMapEnv['LEVEL']",
            "envFromConfigMaps=[Bad_Name]          | envFromConfigMaps[0]",
            "service.extraPorts=[{name: http, port: 9000}]  | service.extraPorts[0].name",
            "service.extraPorts=[{name: grpc, port: 8080}]  | service.extraPorts[0].port",
            "service.extraPorts=[{name: a, port: 9000}, {name: a, port: 9001}] | service.extraPorts[1].name",
            "service.extraPorts=[{name: a, port: 9000, sources: [{cidr: 10.0.0.0/8, namespace: x}]}] | service.extraPorts[0].sources[0]",
            "persistence.enabled=true & persistence.mountPath=/tmp | persistence.mountPath",
            "persistence.enabled=true & replicaCount=1 & persistence.accessMode=ReadWriteOncePod | strategy.type",
            "probes.liveness.grpcService=a b               | probes.liveness.grpcService",
            "env=DB_PASSWORD=hunter2              | env key",
            "env=API_TOKEN=x                      | env key",
            "writableDirs=[{path: /var/../etc}]   | writableDirs[0].path",
            "writableDirs=[{path: /tmp}]          | writableDirs[0].path",
            "networkPolicy.egress.cidrs=[{cidr: 10.0.0.1/8, port: 5432}] | networkPolicy.egress.cidrs[0].cidr",
            "networkPolicy.extraIngress=[{cidr: 10.0.0.0/8, namespace: x}] | networkPolicy.extraIngress[0]",
            "networkPolicy.ingressController.podLabels={app: 'a b'} | networkPolicy.ingressController.podLabels['app']",
            "rbac.rules=[{apiGroups: [''], resources: ['*'], verbs: [get]}] | rbac.rules[0].resources[0]",
            "rbac.rules=[{apiGroups: [''], resources: [pods/exec], verbs: [create]}] | rbac.rules[0].resources",
            "rbac.rules=[{apiGroups: [''], resources: [secrets], verbs: [list]}] | rbac.rules[0]",
            "rbac.rules=[{apiGroups: [''], resources: [pods], verbs: [escalate]}] | rbac.rules[0].verbs[0]",
            "rbac.rules=[{apiGroups: [''], resources: [pods], verbs: [get], extra: 1}] | rbac.rules[0].extra",
            "autoscaling.maxReplicas=1                     | autoscaling.maxReplicas",
            "namespace.podSecurity.version=1.30                  | namespace.podSecurity.version",
            "secrets.keys=a,a                              | secrets.keys",
            "metrics.enabled=true & metrics.port=8080      | metrics.port",
            "metrics.labels=app.kubernetes.io/name=x       | metrics.labels key",
            "httpRoute.enabled=true                        | httpRoute.parentRefs",
            "httpRoute.hostnames=[Shop.Example.com]        | httpRoute.hostnames[0]",
            "ingress.enabled=true & ingress.host=a.example.com & ingress.tlsSecret=t & ingress.certManager.mode=certificate | ingress.certManager.issuer",
            "service.type=NodePort & service.nodePort=8080 | service.nodePort",
            "scheduling.nodeAffinity=[{key: zone, operator: In}] | scheduling.nodeAffinity[0].values",
            "scheduling.nodeAffinity=[{key: zone, operator: Exists, values: [a]}] | scheduling.nodeAffinity[0].values",
            "config.data=DB_PASSWORD=hunter2               | config.data key",
            "config.data=app.yaml=x & config.mountAs=env    | config.data",
            "config.data=a=1 & config.mountPath=/tmp        | config.mountPath",
            "preStopSleepSeconds=30                | preStopSleepSeconds",
            "strategy.maxSurge=0 & strategy.maxUnavailable=0% | strategy.maxUnavailable",
            "strategy.maxSurge=25.5%                       | strategy.maxSurge",
            "podAnnotations=checksum/config=x      | podAnnotations key",
            "podInfoEnv=NODE=spec.nodeName & env=NODE=x | podInfoEnv",
            "podInfoEnv=X=status.podIP.x         | podInfoEnv['X']",
            "commonLabels=app.kubernetes.io/name=evil | commonLabels key",
            "podLabels=app.kubernetes.io/instance=x | podLabels key",
            "podAnnotations=container.apparmor.security.beta.kubernetes.io/app=unconfined | podAnnotations key",
            "podAnnotations=checkov.io/skip1=CKV_K8S_20 | podAnnotations key",
            "serviceAccount.annotations=helm.sh/hook=pre-install | serviceAccount.annotations key",
            "global.imageRegistry=https://mirror.example.com    | global.imageRegistry",
            "tolerations=[{key: 'a b'}]        | tolerations[0].key",
    })
    void refusedWithTheOptionNamed(String set, String option) {
        Map<String, Object> answers = flags(set.split(" & ")); // several --set flags
        if (set.startsWith("rbac")) {
            answers.put("apiAccess.enabled", true);
        }
        if (set.startsWith("secrets")) {
            answers.put("secrets.mode", "chart");
        }
        if (set.startsWith("autoscaling")) {
            answers.put("autoscaling.enabled", true);
        }
        List<Violation> v = violations(answers);
        assertTrue(v.stream().anyMatch(x -> x.option().equals(option)), () -> "expected " + option + " in " + v);
        v.forEach(x -> assertTrue(x.allowed() != null && !x.allowed().isBlank(), x::message));
    }

    @Test
    void hostileTextIsRefusedByEveryPatternedTextOption() {
        for (Option o : CATALOG.options()) {
            if (o.type() != OptionType.TEXT || o.pattern() == null) {
                continue;
            }
            for (String text : AnswerMatrix.HOSTILE) {
                if (o.pattern().matcher(text).matches() && text.length() <= (o.maxLength() == null ? Integer.MAX_VALUE : o.maxLength())) {
                    continue; // a plain word such as "yes" can be a valid tag or version
                }
                Map<String, Object> answers = new LinkedHashMap<>(AnswerMatrix.answers(o.id(), text));
                List<Violation> v = violations(answers);
                assertTrue(v.stream().anyMatch(x -> x.option().equals(o.id())), () -> o.id() + " accepted " + text);
            }
        }
    }

    @Test
    void controlCharactersAndBrokenUnicodeAreRefusedEverywhere() {
        for (String bad : List.of("a\u0000b", "bell\u0007", "esc\u001b[31m", "\ud800 lone")) {
            List<Violation> v = violations(AnswerMatrix.answers("chart.description", bad));
            assertEquals("chart.description", v.get(0).option());
            assertFalse(v.get(0).message().contains("\u001b"), "messages never echo control characters");
        }
    }

    @Test
    void wrongTypesFromFilesAreNamed() {
        List<Violation> v = violations(AnswerMatrix.answers("replicaCount", "two", "image.tag", 1.5,
                "networkPolicy.enabled", "yes", "env", List.of("A=b"), "imagePullSecrets", "regcred"));
        assertEquals(5, v.size(), v::toString);
        assertTrue(v.stream().anyMatch(x -> x.message().contains("image.tag: must be text, not a decimal number (quote it)")), v::toString);
    }

    @Test
    void warningsForLowPortAndIds() {
        ChartSpec spec = VALIDATOR.validate(flags("containerPort=80", "securityContext.runAsUser=1000"));
        assertEquals(List.of("containerPort", "securityContext.runAsUser"), spec.warnings().stream().map(Warning::option).toList());
    }

    @Test
    void emptyAnswersForUnusedOptionsMeanNoAnswer() {
        ChartSpec spec = VALIDATOR.validate(AnswerMatrix.answers("ingress.host", "", "secrets.keys", List.of()));
        assertEquals("", spec.text("ingress.host"));
    }

    @Test
    void hugeListsAreRefusedWithoutWalkingThem() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add("secret-" + i);
        }
        List<Violation> v = violations(AnswerMatrix.answers("imagePullSecrets", many));
        assertEquals(1, v.size());
        assertTrue(v.get(0).message().contains("10000 items, more than 20"), v.get(0).message());
    }

    @Test
    void flagListsAndMapsParse() {
        ChartSpec spec = VALIDATOR.validate(flags("imagePullSecrets=a,b", "env=A=1,B=two",
                "networkPolicy.ingressController.podLabels={app: x, tier: edge}", "probes.startup.enabled=yes"));
        assertEquals(List.of("a", "b"), spec.list("imagePullSecrets"));
        assertEquals(Map.of("A", "1", "B", "two"), spec.map("env"));
        assertEquals(Map.of("app", "x", "tier", "edge"), spec.map("networkPolicy.ingressController.podLabels"));
        assertTrue(spec.flag("probes.startup.enabled"));
    }

    @Test
    void malformedFlagsAreReported() {
        List<Violation> problems = new ArrayList<>();
        new FlagValues(CATALOG).parse(List.of("noequals", "rbac.rules=[{unclosed", "env=A"), problems);
        assertEquals(List.of("--set", "rbac.rules", "env"), problems.stream().map(Violation::option).toList());
    }
}
