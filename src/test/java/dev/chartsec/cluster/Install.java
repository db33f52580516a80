package dev.chartsec.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.chartsec.option.ChartSpec;
import dev.chartsec.testing.AnswerMatrix;
import dev.chartsec.testing.Cyclonus;
import dev.chartsec.testing.Helm;
import dev.chartsec.testing.KubeCluster;
import dev.chartsec.testing.Processes;
import dev.chartsec.testing.TrafficModel;

/**
 * One variant's life on the real cluster: installed by the command its README prints, every object accepted,
 * its pods created (Pending: there is no kubelet) with no FailedCreate, its test pod admitted, its traffic
 * table checked, upgraded with changed values, uninstalled without a trace. Problems are collected, not
 * thrown, so one run reports everything wrong with a variant; the log says what was run.
 */
final class Install {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\w+)(?:\\[\"([^\"]*)\"\\])?\\s+-->(?:\\|([^|]*)\\|)?\\s+(\\w+)",
            Pattern.MULTILINE);

    private final KubeCluster cluster;
    private final String helm;
    private final Path tmp;
    private final AnswerMatrix.Case c;
    private final ChartSpec spec;
    private final String namespace;
    private final StringBuilder log = new StringBuilder();
    private final List<String> problems = new ArrayList<>();
    private final Consumer<Path> tamper;
    private Path chart;

    Install(KubeCluster cluster, String helm, Path tmp, AnswerMatrix.Case c) {
        this(cluster, helm, tmp, c, chart -> { });
    }

    /** With {@code tamper} changing the generated chart before it is installed: the checks must catch a break. */
    Install(KubeCluster cluster, String helm, Path tmp, AnswerMatrix.Case c, Consumer<Path> tamper) {
        this.tamper = tamper;
        this.cluster = cluster;
        this.helm = helm;
        this.tmp = tmp;
        this.c = c;
        this.spec = RealClusterIT.spec(c);
        this.namespace = RealClusterIT.namespaceFor(helm);
    }

    String log() {
        return log.toString();
    }

    List<String> run() throws IOException {
        chart = RealClusterIT.generate(spec, tmp);
        tamper.accept(chart);
        try {
            if (install() && objectsAccepted()) {
                problems.addAll(podsCreated(cluster, namespace, selector(), expectedPods()));
                String hooks = cluster.helm(helm, "get", "hooks", RealClusterIT.RELEASE, "-n", namespace).stdout();
                if (spec.applies("service.type")) {
                    testPodAdmitted(hooks); // the batch kinds have no connection test
                }
                if (!"helm3".equals(helm)) {
                    traffic(hooks);
                }
                if (upgrade()) {
                    uninstall();
                }
            }
        } finally {
            cluster.kubectl("", "delete", "namespace", namespace, "--wait=false", "--ignore-not-found");
        }
        return problems;
    }

    private String selector() {
        return selector(spec);
    }

    static String selector(ChartSpec spec) {
        return "app.kubernetes.io/instance=" + RealClusterIT.RELEASE + ",app.kubernetes.io/name=" + spec.text("chart.name");
    }

    /**
     * The pods the controllers make with no node to run them: a CronJob none before its time, a Job one, a
     * StatefulSet that starts in order only its first (the next waits for it to be ready), else the replicas.
     */
    private int expectedPods() {
        return switch (spec.text("kind")) {
            case "CronJob" -> 0;
            case "Job" -> 1;
            default -> "StatefulSet".equals(spec.text("kind")) && "OrderedReady".equals(spec.text("statefulSet.podManagementPolicy")) ? 1
                    : (int) (spec.enabled("autoscaling.enabled") ? spec.integer("autoscaling.minReplicas") : spec.integer("replicaCount"));
        };
    }

    /**
     * The README's lint and install commands (Helm 3 with a chart that owns its namespace: the README's Helm 3
     * block), run verbatim by a shell in the chart's folder, with the secret files they name, after what the
     * answers say exists already (an existing ServiceAccount, a PriorityClass).
     */
    private boolean install() throws IOException {
        for (Map.Entry<String, String> v : c.installValues().entrySet()) {
            Files.writeString(chart.resolve(secretKey(v.getKey())), v.getValue());
        }
        prerequisites();
        List<String> blocks = shellBlocks(Files.readString(chart.resolve("README.md")));
        List<String> commands = new ArrayList<>(RealClusterIT.lines(blocks.get(0)));
        commands.removeIf(line -> line.startsWith("helm test "));
        if (helm.equals("helm3") && spec.flag("namespace.create")) {
            commands.removeIf(line -> line.startsWith("helm install "));
            commands.addAll(RealClusterIT.lines(blocks.get(1)));
        }
        for (String command : commands) {
            Processes.Result r = shell(command.replace(RealClusterIT.README_NAMESPACE, namespace));
            if (r.exitCode() != 0) {
                problems.add("'" + command + "' failed: " + r.output());
                return false;
            }
        }
        RealClusterIT.count("installs (" + helm + ")", 1);
        return true;
    }

    private void prerequisites() {
        prerequisites(cluster, spec, namespace);
    }

    /** What the answers say exists before the chart: an existing ServiceAccount (and its namespace), a PriorityClass. */
    static void prerequisites(KubeCluster cluster, ChartSpec spec, String namespace) {
        if (!spec.flag("serviceAccount.create")) {
            cluster.kubectl("", "create", "namespace", namespace);
            cluster.kubectl("", "create", "serviceaccount", spec.text("serviceAccount.name"), "-n", namespace);
        }
        String priorityClass = spec.text("priorityClassName");
        if (!priorityClass.isEmpty() && cluster.kubectl("", "get", "priorityclass", priorityClass).exitCode() != 0) {
            cluster.kubectl("", "create", "priorityclass", priorityClass, "--value=1000");
        }
    }

    static List<String> shellBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    static String secretKey(String setPath) {
        return setPath.replace("secrets.values.", "").replace("\\.", ".");
    }

    private boolean objectsAccepted() {
        Processes.Result manifest = cluster.helm(helm, "get", "manifest", RealClusterIT.RELEASE, "-n", namespace);
        List<Map<String, Object>> docs = Helm.documents(manifest.stdout());
        for (Map<String, Object> doc : docs) {
            String kind = (String) doc.get("kind");
            String name = (String) ((Map<?, ?>) doc.get("metadata")).get("name");
            Processes.Result got = cluster.kubectl("", "get", kind, name, "-n", namespace, "-o", "name");
            if (got.exitCode() != 0) {
                problems.add(kind + "/" + name + " is not in the cluster: " + got.output());
            }
        }
        // every field known to the server: the objects again through a strict server-side dry run (an unknown
        // field, in a custom resource too, would otherwise be dropped without a word)
        Processes.Result strict = cluster.kubectl(manifest.stdout(), "apply", "--server-side", "--dry-run=server",
                "--validate=strict", "--force-conflicts", "--field-manager=chartsec-check", "-n", namespace, "-f", "-");
        // (Pod Security's warnings are for podsCreated to judge, by what the controllers could create)
        if (strict.exitCode() != 0 || strict.stderr().lines().anyMatch(l -> l.startsWith("Warning") && !l.contains("would violate PodSecurity"))) {
            problems.add("strict validation: " + strict.output());
        }
        RealClusterIT.count("objects accepted", docs.size());
        return problems.isEmpty();
    }

    /** Pods of the selector are created up to {@code expected}, and no controller recorded FailedCreate. */
    static List<String> podsCreated(KubeCluster cluster, String namespace, String selector, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (true) {
            String failed = cluster.kubectl("", "get", "events", "-n", namespace, "--field-selector", "reason=FailedCreate",
                    "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}").stdout();
            if (!failed.isBlank()) {
                return List.of("FailedCreate: " + failed.strip());
            }
            int pods = RealClusterIT.lines(cluster.kubectl("", "get", "pods", "-n", namespace, "-l", selector, "-o", "name").stdout()).size();
            if (pods == expected) {
                RealClusterIT.count("pods admitted", pods);
                return List.of();
            }
            if (System.nanoTime() > deadline) {
                return List.of("after 40 s, " + pods + " of " + expected + " pods exist and no FailedCreate was recorded");
            }
            sleep(250);
        }
    }

    /** The `helm test` pod, sent through admission by a server-side dry run (nothing would run it). */
    private void testPodAdmitted(String hooks) {
        Processes.Result dry = cluster.kubectl(hooks, "create", "--dry-run=server", "-n", namespace, "-f", "-");
        if (dry.exitCode() != 0 || !dry.stderr().isBlank()) {
            problems.add("test pod refused or warned: " + dry.output());
        } else {
            RealClusterIT.count("test pods admitted", 1);
        }
    }

    @SuppressWarnings("unchecked")
    private void traffic(String hooks) throws IOException {
        TrafficModel model = model(cluster, spec, namespace, selector(), hooks);
        Map<String, Object> list = JSON.readValue(cluster.kubectl("", "get", "networkpolicies", "-n", namespace, "-o", "json").stdout(), Map.class);
        List<Map<String, Object>> policies = (List<Map<String, Object>>) list.get("items");
        List<Boolean> verdicts = RealClusterIT.verdicts(policies, model, Files.createTempDirectory(tmp, "cyclonus"));
        for (int i = 0; i < verdicts.size(); i++) {
            Cyclonus.Flow f = model.flows().get(i);
            boolean expected = model.expected(f);
            if (verdicts.get(i) != expected) {
                problems.add("traffic " + f + ": the policies " + (verdicts.get(i) ? "allow" : "deny") + " it, the answers "
                        + (expected ? "allow" : "deny") + " it");
            }
        }
        RealClusterIT.count("truth-table cells", verdicts.size());
        diagramSaysTheSame(model);
    }

    /**
     * The traffic model of an installed release: the application pods' labels from its workload as the cluster
     * accepted it, the test pod's from the release's hooks.
     */
    @SuppressWarnings("unchecked")
    static TrafficModel model(KubeCluster cluster, ChartSpec spec, String namespace, String selector, String hooks) throws IOException {
        String kind = spec.text("kind");
        Map<String, Object> workloads = JSON.readValue(cluster.kubectl("", "get", kind.toLowerCase(java.util.Locale.ROOT), "-n", namespace,
                "-l", selector, "-o", "json").stdout(), Map.class);
        Map<String, Object> first = ((List<Map<String, Object>>) workloads.get("items")).get(0);
        Map<String, String> appLabels = (Map<String, String>) ("CronJob".equals(kind)
                ? path(first, "spec", "jobTemplate", "spec", "template", "metadata", "labels")
                : path(first, "spec", "template", "metadata", "labels"));
        Map<String, String> testLabels = Map.of();
        for (Map<String, Object> hook : Helm.documents(hooks)) {
            if ("Pod".equals(hook.get("kind"))) {
                testLabels = (Map<String, String>) path(hook, "metadata", "labels");
            }
        }
        return new TrafficModel(spec, namespace, appLabels, testLabels);
    }

    /**
     * The chart README's traffic diagram has an edge exactly for each kind of flow the answers allow, and its
     * security summary names what was opened.
     */
    private void diagramSaysTheSame(TrafficModel model) throws IOException {
        String readme = Files.readString(chart.resolve("README.md"));
        String mermaid = readme.substring(readme.indexOf("```mermaid"), readme.indexOf("```", readme.indexOf("```mermaid") + 3));
        if (!spec.flag("networkPolicy.enabled")) {
            if (!mermaid.contains("NetworkPolicies off: all traffic")) {
                problems.add("diagram: policies are off but the diagram does not say all traffic is allowed");
            }
            return;
        }
        Map<String, String> edges = new LinkedHashMap<>();
        Matcher m = EDGE.matcher(mermaid);
        while (m.find()) {
            String label = m.group(3) == null ? "" : m.group(3);
            edges.put(m.group(1) + "->" + m.group(4), label);
        }
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, Boolean> allowed = new HashMap<>();
        for (Cyclonus.Flow f : model.flows()) {
            allowed.merge(f.from().name() + "->" + f.to().name() + ":" + f.port() + "/" + f.protocol(), model.expected(f), Boolean::logicalOr);
        }
        int port = (int) spec.integer("containerPort");
        if (allowed.get("ingress controller->app:" + port + "/TCP")) {
            expected.put("ingress->app", "");
        }
        if (spec.enabled("metrics.enabled")) {
            int scraped = spec.integer("metrics.port") > 0 ? (int) spec.integer("metrics.port") : port;
            if (allowed.get("prometheus->app:" + scraped + "/TCP")) {
                expected.put("prometheus->app", "metrics :" + scraped);
            }
        }
        if (spec.enabled("networkPolicy.sameNamespace")) {
            expected.put("same->app", "");
        }
        for (int i = 0; i < spec.appliedList("networkPolicy.extraIngress").size(); i++) {
            expected.put("src" + i + "->app", "");
        }
        if (spec.applies("service.type") && !"ClusterIP".equals(spec.text("service.type"))) {
            expected.put("clients->app", spec.text("service.type"));
        }
        if (spec.applies("service.type")) {
            expected.put("test->app", ""); // the batch kinds have no connection test
            List<Map<String, Object>> ports = spec.list("service.extraPorts");
            for (int i = 0; i < ports.size(); i++) {
                for (int j = 0; j < ((List<?>) ports.get(i).get("sources")).size(); j++) {
                    expected.put("p" + i + "s" + j + "->app", ports.get(i).get("name") + " :" + ports.get(i).get("port"));
                }
            }
        }
        boolean openshift = spec.flag("securityContext.openshift");
        expected.put("app->dns", (openshift ? 5353 : 53) + " UDP/TCP");
        if (allowed.get("app->postgresql:5432/TCP")) {
            expected.put("app->pg", "5432");
        }
        if (allowed.get("app->redis:6379/TCP")) {
            expected.put("app->redis", "6379");
        }
        List<Map<String, Object>> pods = spec.list("networkPolicy.egress.pods");
        for (int i = 0; i < pods.size(); i++) {
            expected.put("app->dst" + i, pods.get(i).get("port") + " " + pods.get(i).get("protocol"));
        }
        if (allowed.get("app->public address:443/TCP")) {
            expected.put("app->internet", "443");
        }
        if (spec.flag("apiAccess.enabled")) {
            expected.put("app->api", String.valueOf(spec.integer("networkPolicy.egress.apiServer.port")));
        }
        List<Map<String, Object>> cidrs = spec.list("networkPolicy.egress.cidrs");
        for (int i = 0; i < cidrs.size(); i++) {
            expected.put("app->cidr" + i, cidrs.get(i).get("port") + " " + cidrs.get(i).get("protocol"));
        }
        if (!expected.equals(edges)) {
            problems.add("diagram edges " + edges + " but the answers allow " + expected);
        }
        if (!mermaid.contains("ns " + (openshift ? "openshift-dns" : "kube-system"))) {
            problems.add("diagram: the DNS node does not name the platform's DNS namespace");
        }
        String opened = readme.substring(readme.indexOf("## Security"), readme.indexOf("## Allowed traffic"));
        Map<String, Boolean> says = new LinkedHashMap<>();
        says.put("outside clients from", spec.applies("service.type") && !"ClusterIP".equals(spec.text("service.type")));
        says.put("may reach the Kubernetes API server at " + (spec.flag("apiAccess.enabled") ? spec.text("networkPolicy.egress.apiServer.cidr") : ""),
                spec.flag("apiAccess.enabled"));
        says.put("every pod of the release namespace may reach", spec.enabled("networkPolicy.sameNamespace"));
        says.put("Prometheus's pods in namespace " + spec.text("metrics.prometheus.namespace") + " may scrape", spec.enabled("metrics.enabled"));
        says.put("HTTPS to the internet", spec.flag("networkPolicy.egress.externalHttps.enabled"));
        says.put("default-deny NetworkPolicy for every pod of the namespace", "namespace".equals(spec.text("networkPolicy.defaultDeny")));
        says.forEach((text, present) -> {
            if (opened.contains(text) != present) {
                problems.add("security summary " + (present ? "does not say" : "says") + " '" + text + "'");
            }
        });
    }

    private boolean upgrade() {
        Processes.Result r = shell("helm upgrade " + RealClusterIT.RELEASE + " . --namespace " + namespace
                + " --set probes.liveness.periodSeconds=15");
        if (r.exitCode() != 0) {
            problems.add("upgrade failed: " + r.output());
            return false;
        }
        String failed = cluster.kubectl("", "get", "events", "-n", namespace, "--field-selector", "reason=FailedCreate", "-o", "name").stdout();
        if (!failed.isBlank()) {
            problems.add("after the upgrade, FailedCreate: " + failed);
        }
        for (Map.Entry<String, String> v : c.installValues().entrySet()) {
            String key = secretKey(v.getKey());
            String kept = cluster.kubectl("", "get", "secret", RealClusterIT.RELEASE + "-" + spec.text("chart.name"), "-n", namespace, "-o",
                    "go-template={{index .data \"" + key + "\"}}").stdout();
            if (!kept.equals(Base64.getEncoder().encodeToString(v.getValue().getBytes(StandardCharsets.UTF_8)))) {
                problems.add("the upgrade without secret values lost " + key + " (now '" + kept + "')");
            }
        }
        RealClusterIT.count("upgrades", 1);
        return true;
    }

    private void uninstall() {
        Processes.Result r = shell("helm uninstall " + RealClusterIT.RELEASE + " --namespace " + namespace + " --wait");
        if (r.exitCode() != 0) {
            problems.add("uninstall failed: " + r.output());
            return;
        }
        String kinds = "deployments,statefulsets,cronjobs,jobs,controllerrevisions,replicasets,pods,services,serviceaccounts,secrets,configmaps,roles,rolebindings,"
                + "networkpolicies,poddisruptionbudgets,horizontalpodautoscalers,ingresses,persistentvolumeclaims";
        // the chart-made claims are kept on uninstall, by design (helm.sh/resource-policy: keep; a StatefulSet's
        // retention policy Retain): data outlives the release
        boolean keepsClaim = spec.flag("persistence.enabled") && spec.text("persistence.existingClaim").isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<String> left = new ArrayList<>(RealClusterIT.lines(cluster.kubectl("", "get", kinds, "-n", namespace,
                    "-l", "app.kubernetes.io/instance=" + RealClusterIT.RELEASE, "-o", "name", "--ignore-not-found").stdout()));
            left.addAll(RealClusterIT.lines(cluster.kubectl("", "get", "secrets", "-n", namespace, "-l", "owner=helm", "-o", "name",
                    "--ignore-not-found").stdout()));
            // the Deployment's NAME-data, or a StatefulSet replica's data-NAME-N (kept by its retention policy)
            boolean claimKept = left.removeIf(n -> n.startsWith("persistentvolumeclaim/") && (n.endsWith("-data") || n.startsWith("persistentvolumeclaim/data-")));
            if (left.isEmpty()) {
                if (keepsClaim != claimKept) {
                    problems.add(keepsClaim ? "helm uninstall deleted the data claim the chart says it keeps"
                            : "helm uninstall left a data claim the chart did not make");
                }
                // the chart's Namespace is kept on uninstall, by design (it holds Helm's record and other workloads)
                if (spec.flag("namespace.create") && cluster.kubectl("", "get", "namespace", namespace).exitCode() != 0) {
                    problems.add("helm uninstall deleted the namespace the chart says it keeps");
                }
                RealClusterIT.count("uninstalls", 1);
                return;
            }
            if (System.nanoTime() > deadline) {
                problems.add("60 s after helm uninstall, left: " + left);
                return;
            }
            sleep(500);
        }
    }

    /** A command line as a user types it, in the chart's folder, with `helm` being the Helm under test. */
    private Processes.Result shell(String commandLine) {
        return shell(cluster, helm, tmp, chart, log, commandLine);
    }

    static Processes.Result shell(KubeCluster cluster, String helm, Path tmp, Path chart, StringBuilder log, String commandLine) {
        log.append("$ ").append(commandLine).append('\n');
        Processes.Result r = Processes.run(List.of("bash", "-c", commandLine), chart, shellEnvironment(cluster, helm, tmp), "", Duration.ofMinutes(4));
        log.append(r.output()).append('\n');
        return r;
    }

    /** A user's shell on this cluster: its kubeconfig, `helm` being the Helm under test (linked in tmp/bin), kubectl. */
    static Map<String, String> shellEnvironment(KubeCluster cluster, String helm, Path tmp) {
        Path bin = tmp.resolve("bin");
        try {
            Files.createDirectories(bin);
            if (!Files.exists(bin.resolve("helm"))) {
                Files.createSymbolicLink(bin.resolve("helm"), Helm.TOOLS.resolve(helm));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>(cluster.env());
        env.put("PATH", bin + ":" + KubeCluster.BIN + ":" + System.getenv("PATH"));
        return env;
    }

    private static Object path(Map<String, Object> m, String... keys) {
        Object o = m;
        for (String k : keys) {
            o = ((Map<?, ?>) o).get(k);
        }
        return o;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
