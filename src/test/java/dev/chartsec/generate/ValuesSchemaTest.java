package dev.chartsec.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.chartsec.option.AnswerValidator;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.testing.AnswerMatrix;
import dev.chartsec.testing.Helm;
import dev.chartsec.testing.Processes;

/** values.schema.json refuses wrong values at install time, through real Helm, naming the field. */
class ValuesSchemaTest {
    @TempDir
    static Path tmp;
    static Path chart;

    @BeforeAll
    static void generate() {
        OptionCatalog catalog = OptionCatalog.standard();
        ChartFiles files = new ChartGenerator(catalog).generate(new AnswerValidator(catalog).validate(AnswerMatrix.answers()));
        chart = ChartMatrixTest.write(files, tmp);
    }

    /**
     * One name per setting: every option id is the path of its value in values.yaml, so `chartsec new --set X=v`
     * and `helm install --set X=v` mean the same. Only these shape the generation and have no value of their own:
     * the Chart.yaml fields, the resource preset (its figures are resources.*), the level the chart is held to,
     * the secret keys (secrets.items), the ingress-controller preset (its namespace and labels are values) and
     * node affinity terms (merged into affinity).
     */
    @Test
    void everyOptionIdIsItsValuesPath() throws Exception {
        Map<String, Object> values = new org.yaml.snakeyaml.Yaml().load(Files.readString(chart.resolve("values.yaml")));
        java.util.List<String> generationOnly = OptionCatalog.standard().options().stream().map(o -> o.id())
                .filter(id -> !hasPath(values, id)).toList();
        assertEquals(java.util.List.of("chart.name", "chart.description", "chart.version", "chart.appVersion", "chart.icon",
                "chart.maintainers", "chart.kubeVersion", "resources.preset", "security.podSecurityLevel", "secrets.keys",
                "networkPolicy.ingressController.preset", "scheduling.nodeAffinity"), generationOnly);
    }

    @SuppressWarnings("unchecked")
    private static boolean hasPath(Map<String, Object> values, String id) {
        Object node = values;
        for (String part : id.split("\\.")) {
            if (!(node instanceof Map<?, ?> m) || !m.containsKey(part)) {
                return false;
            }
            node = ((Map<String, Object>) m).get(part);
        }
        return true;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "image.tag=latest                                  | /image/tag",
            "image.digest=sha256:abc                           | /image/digest",
            "image.repository=Not/Valid:tag                    | /image/repository",
            "image.pullPolicy=Sometimes                        | /image/pullPolicy",
            "replicaCount=two                                  | /replicaCount",
            "containerPort=70000                               | /containerPort",
            "service.type=ExternalName                         | /service/type",
            "resources.limits.cpu=lots                         | /resources/limits/cpu",
            "securityContext.runAsUser=0                       | /securityContext/runAsUser",
            "securityContext.openshift=maybe                   | /securityContext/openshift",
            "serviceAccount.name=default                       | /serviceAccount/name",
            "env.DB_PASSWORD=hunter2                           | DB_PASSWORD",
            "imagex.tag=1                                      | 'imagex'",
            "networkPolicy.enabeld=false                       | 'enabeld'",
            "rbac.rules[0].verbs[0]=escalate                   | /rbac/rules/0/verbs/0",
            "rbac.rules[0].resources[0]=pods/exec              | /rbac/rules/0/resources/0",
            "secrets.mode=vault                                | /secrets/mode",
            "ingress.enabled=true                              | /ingress/host",
            "namespace.podSecurity.enforce=lax                 | /namespace/podSecurity/enforce",
            "writableDirs[0].path=../etc                       | /writableDirs/0/path",
            "probes.liveness.path=livez                        | /probes/liveness/path",
            "autoscaling.targetCPUUtilizationPercentage=150    | /autoscaling/targetCPUUtilizationPercentage",
            "commonLabels.app\\.kubernetes\\.io/instance=x     | app.kubernetes.io/instance",
            "podAnnotations.helm\\.sh/hook=pre-install          | helm.sh/hook",
    })
    void schemaRefusesWrongValue(String set, String field) {
        for (String helm : new String[] {"helm4", "helm3"}) {
            Processes.Result run = Helm.cli(helm, "template", "rel", chart.toString(), "-n", "ns", "--set", set);
            assertNotEquals(0, run.exitCode(), () -> helm + " accepted " + set);
            assertTrue(run.output().contains("don't meet the specifications of the schema"), run::output);
            assertNamed(helm, field, run.output());
        }
        Processes.Result lint = Helm.cli("helm4", "lint", "--strict", chart.toString(), "--set", set);
        assertNotEquals(0, lint.exitCode(), () -> "helm 4 lint accepted " + set);
        assertNamed("helm4 lint", field, lint.output());
    }

    /** Helm 4 names a field as a JSON pointer ('/image/tag'), Helm 3.18 with dots (image.tag). */
    static void assertNamed(String helm, String field, String output) {
        String dotted = field.startsWith("/") ? field.substring(1).replace('/', '.') : field;
        assertTrue(output.contains("'" + field + "'") || output.contains(dotted),
                () -> helm + " did not name " + field + ":\n" + output);
    }

    @Test
    void inProcessHelmRefusesTooAndAcceptsTheDefaults() {
        Exception e = assertThrows(IllegalStateException.class,
                () -> Helm.templateInProcess(chart, "rel", "ns", Map.of("image.tag", "latest")));
        assertNamed("helm-java", "/image/tag", e.getMessage());
        assertTrue(Helm.templateInProcess(chart, "rel", "ns", Map.of()).contains("kind: Deployment"));
    }

    @Test
    void schemaIsStrictDraft07() throws Exception {
        String schema = Files.readString(chart.resolve("values.schema.json"));
        assertTrue(schema.contains("\"$schema\": \"http://json-schema.org/draft-07/schema#\""));
        long objects = schema.split("\"type\": \"object\"", -1).length - 1;
        long closed = schema.split("\"additionalProperties\": false", -1).length - 1;
        // every object is closed except the free-form maps: selector labels, user labels, annotations, env,
        // secret values, global; and the Kubernetes objects the server validates: affinity's node and pod
        // affinity and anti-affinity terms (2 + 2), the user's extraObjects and their metadata (2), config.data,
        // podInfoEnv, configMapEnv
        assertEquals(objects - 15, closed, "open objects in the schema");
    }
}
