package dev.chartsec.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.chartsec.testing.AnswerMatrix;
import dev.chartsec.testing.KubeCluster;

/**
 * Charts on a real node (tools/node/node.sh beside the test control plane): the default chart and each variant
 * that changes a pod or a policy installed with {@code --wait} until every pod is Ready, its `helm test` passed
 * as the README prints it, every flow of its traffic model tried from a real pod or outside address and compared
 * with what the answers allow, then upgraded and uninstalled. A removed allow rule must break its flow and the
 * test; `helm create`'s chart must not get a pod. When the node stops, it leaves nothing on the machine.
 */
class RealNodeIT {
    /** The variants that change a pod or a policy, and the application shapes (OpenShift mode has its own test). */
    static final List<String> VARIANTS = List.of("defaults", "digest", "pull-if-not-present", "ports", "low-port", "node-port",
            "probes-grpc", "probes-tcp-exec", "probe-paths", "probes-management-port", "writable-dirs", "env", "low-ids", "custom-ids", "api-access", "existing-service-account", "chart-secret", "chart-secret-env", "existing-secret",
            "existing-secret-env", "no-network-policy", "namespace-wide-deny", "same-namespace", "extra-ingress", "custom-ingress-controller",
            "postgres-redis", "egress-pods", "external-https", "egress-cidrs", "metrics-pod-monitor", "extra-ports", "extra-volumes",
            "configmap-env", "persistence", "statefulset", "job", "cronjob", "sidecars", "namespace");

    /** Variants installed at once: most of a run is waiting (for kubelet, probes, timeouts), not working. */
    static final int PARALLEL = 2;
    static final Map<String, Long> FIGURES = new LinkedHashMap<>();
    static final Map<String, Future<NodeRun>> RUNS = new LinkedHashMap<>();
    static KubeCluster cluster;
    static ExecutorService runner;
    static Process outside;

    @TempDir
    static Path runs;

    @TempDir
    Path tmp;

    /**
     * The node, the outside namespace serving every port a variant's flows name, and every variant's run started
     * (each test then waits for its own), {@link #PARALLEL} at a time.
     */
    @BeforeAll
    static void start() throws IOException {
        cluster = KubeCluster.withNode();
        System.out.printf("control plane ready in %.1f s, node ready in %.1f s%n", cluster.startup().toMillis() / 1000.0,
                cluster.nodeStartup().toMillis() / 1000.0);
        Set<String> ports = new TreeSet<>();
        Stream.concat(VARIANTS.stream(), Stream.of("openshift")).forEach(v -> ports.addAll(NodeRun.outsidePorts(AnswerMatrix.named(v))));
        Path log = runs.resolve("outside.log");
        outside = NodeRun.startUntil(KubeCluster.nodeCommand(Stream.concat(Stream.of("serve-outside"), ports.stream()).toArray(String[]::new)),
                Map.of(), log, "serving");
        assertTrue(outside.isAlive() && Files.readString(log).contains("serving"), "the outside server: " + Files.readString(log));
        runner = Executors.newFixedThreadPool(PARALLEL);
        variants().forEach(c -> RUNS.put(c.name(), runner.submit(() -> {
            NodeRun run = new NodeRun(cluster, Files.createDirectories(runs.resolve(c.name())), c, chart -> { });
            run.run();
            return run;
        })));
    }

    /** The node stops and leaves nothing: no process, mount, interface, namespace, rule or cgroup of its own. */
    @AfterAll
    static void stopsClean() {
        runner.shutdownNow();
        outside.destroy();
        System.out.println("real node figures: " + FIGURES);
        Path dir = cluster.nodeDir();
        cluster.stop();
        assertEquals("", cluster.node("leftovers", dir.toString()).stdout().strip(), "what the node left on the machine");
    }

    /** The variants, or those -Dnode.variants=a,b names (to try a few by hand). */
    static Stream<AnswerMatrix.Case> variants() {
        String only = System.getProperty("node.variants", "");
        return VARIANTS.stream().filter(v -> only.isEmpty() || List.of(only.split(",")).contains(v)).map(AnswerMatrix::named);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void runsOnTheNode(AnswerMatrix.Case c) throws Exception {
        NodeRun run = RUNS.get(c.name()).get();
        System.out.println("node run " + c.name() + ": " + run.timings);
        assertEquals(List.of(), run.problems(), run.log());
    }

    /**
     * OpenShift mode on what it relies on (node.sh platform openshift): the cluster's DNS Service sent to a CoreDNS in
     * openshift-dns on 5353, as OpenShift's operator runs it, and a user ID given to every pod that names none, as
     * OpenShift's restricted SCC does; while no other variant runs.
     */
    @Test
    void openShiftModeRunsWithOpenShiftsDns() throws Exception {
        for (Future<NodeRun> run : RUNS.values()) {
            try {
                run.get();
            } catch (ExecutionException e) {
                // that variant's own test reports it
            }
        }
        var switched = cluster.node("platform", cluster.nodeDir().toString(), cluster.kubeconfig().toString(), "openshift");
        assertEquals(0, switched.exitCode(), switched.output());
        try {
            NodeRun run = new NodeRun(cluster, tmp, AnswerMatrix.named("openshift"), chart -> { });
            List<String> problems = run.run();
            System.out.println("node run openshift: " + run.timings);
            assertEquals(List.of(), problems, run.log());
        } finally {
            cluster.node("platform", cluster.nodeDir().toString(), cluster.kubeconfig().toString(), "kubernetes");
        }
    }

    /** Without the ingress controller's allow rule, the controller's flow is blocked on the node: the policies are enforced, not only accepted. */
    @Test
    void aRemovedAllowRuleBreaksItsFlow() throws IOException {
        NodeRun run = new NodeRun(cluster, tmp, AnswerMatrix.named("defaults"), chart -> RealClusterIT.replace(chart.resolve("templates/networkpolicy.yaml"),
                "{{- if $np.ingressController.enabled }}", "{{- if false }}"));
        List<String> problems = run.run();
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("traffic ingress controller -> app") && p.contains("blocked on the node")),
                problems.toString());
    }

    /** `helm create`'s chart: Helm says deployed, and no pod of it ever exists (restricted admission refuses them). */
    @Test
    void helmCreatesChartGetsNoPod() {
        String ns = "node-create";
        assertEquals(0, cluster.helm("helm4", "create", tmp.resolve("plain").toString()).exitCode());
        var installed = cluster.helm("helm4", "install", "plain", tmp.resolve("plain").toString(), "-n", ns, "--create-namespace");
        assertEquals(0, installed.exitCode(), installed.output());
        List<String> problems = Install.podsCreated(cluster, ns, "app.kubernetes.io/instance=plain", 1);
        assertFalse(problems.isEmpty(), "helm create's pods violate restricted and must be refused");
        assertTrue(problems.toString().contains("violates PodSecurity"), problems.toString());
        cluster.kubectl("", "delete", "namespace", ns, "--wait=false");
    }

    static synchronized void count(String figure, long n) {
        FIGURES.merge(figure, n, Long::sum);
    }
}
