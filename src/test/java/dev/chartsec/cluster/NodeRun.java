package dev.chartsec.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.chartsec.option.ChartSpec;
import dev.chartsec.testing.AnswerMatrix;
import dev.chartsec.testing.Cyclonus.Flow;
import dev.chartsec.testing.Cyclonus.Peer;
import dev.chartsec.testing.Helm;
import dev.chartsec.testing.KubeCluster;
import dev.chartsec.testing.Processes;
import dev.chartsec.testing.TrafficModel;

/**
 * One variant's life on the real node: what its answers say exists already is created; the chart is installed by
 * the command its README prints (with {@code --wait}, and a values file that says which ports the test application
 * serves); every pod becomes Ready (a batch run completes); `helm test` passes as printed; each flow of the traffic
 * model is tried for real, from a pod (or an outside address) of the flow's source to one of its destination, and
 * what happens is compared with what the answers allow; then upgraded and uninstalled, leaving no container of the
 * release on the node. Problems are collected, not thrown; the log says what was run.
 */
final class NodeRun {
    /** The image of the peer pods: the test application under the project's own registry name. */
    static final String PEER_IMAGE = "registry.chartsec.test/testapp:1";
    /** How long a probe waits for a connection or an answer: ample on one node's bridge, where both take under a millisecond. */
    private static final String PROBE_TIMEOUT = "1s";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger RUNS = new AtomicInteger();
    /**
     * Held while a printed port-forward runs: the NOTES of every variant print the same local port (8080), and
     * variants run side by side, so two at once would collide, or one would be answered by another's release.
     */
    private static final Object LOCAL_PORT = new Object();
    private static final Pattern IMAGE = Pattern.compile("^\\s*image: \"?([^\"\\s]+)\"?$", Pattern.MULTILINE);
    private static final Pattern PROBED = Pattern.compile("^(tcp|udp):(\\S+) (open|closed)$", Pattern.MULTILINE);

    private final KubeCluster cluster;
    private final Path tmp;
    private final AnswerMatrix.Case c;
    private final ChartSpec spec;
    private final String namespace;
    private final String run;
    private final Consumer<Path> tamper;
    private final StringBuilder log = new StringBuilder();
    private final List<String> problems = new ArrayList<>();
    /** What each stage took, in milliseconds, for the figures. */
    final Map<String, Long> timings = new LinkedHashMap<>();
    private final Set<String> peerNamespaces = new TreeSet<>();
    private Path chart;
    /** The generated chart's values.yaml. */
    private Map<String, Object> chartValues;

    NodeRun(KubeCluster cluster, Path tmp, AnswerMatrix.Case c, Consumer<Path> tamper) {
        this.cluster = cluster;
        this.tmp = tmp;
        this.c = c;
        this.tamper = tamper;
        this.spec = RealClusterIT.spec(c);
        this.run = String.valueOf(RUNS.incrementAndGet());
        this.namespace = "node-v" + run;
    }

    String log() {
        return log.toString();
    }

    List<String> problems() {
        return problems;
    }

    List<String> run() throws IOException {
        chart = RealClusterIT.generate(spec, tmp);
        tamper.accept(chart);
        chartValues = new org.yaml.snakeyaml.Yaml().load(Files.readString(chart.resolve("values.yaml")));
        try {
            prerequisites();
            Map<String, String> digests = pushImages();
            if (digests == null) {
                return problems;
            }
            Path values = tmp.resolve("node-values.yaml");
            Files.writeString(values, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(nodeValues(digests)));
            if (time("install", () -> readmeCommands(values)) && time("ready", this::podsReady) && time("notes", this::notesCommands)) {
                if (serving()) {
                    time("traffic", this::traffic);
                }
                if (time("upgrade", () -> upgrade(values))) {
                    time("uninstall", this::uninstall);
                }
            }
        } finally {
            cluster.kubectl("", "delete", "pods", "-A", "-l", "chartsec.test/run=" + run, "--wait=false");
            cluster.kubectl("", "delete", "namespace", namespace, "--wait=false", "--ignore-not-found");
            cluster.kubectl("", "delete", "pv", "-l", "chartsec.test/run=" + run, "--wait=false");
        }
        return problems;
    }

    /** A kind that takes traffic (the catalog asks for a Service only for those); a Job or CronJob runs and ends. */
    private boolean serving() {
        return spec.applies("service.type");
    }

    private boolean time(String stage, java.util.function.BooleanSupplier step) {
        long started = System.nanoTime();
        try {
            return step.getAsBoolean();
        } finally {
            timings.put(stage, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * What the answers say exists before the chart (the namespace, unless the chart makes it): besides what
     * {@link Install#prerequisites} makes, the existing Secret, the ConfigMaps and volumes the pods mount.
     */
    private void prerequisites() {
        if (!spec.flag("namespace.create")) {
            kubectl("create", "namespace", namespace);
        }
        Install.prerequisites(cluster, spec, namespace);
        if ("existing".equals(spec.text("secrets.mode"))) {
            List<String> args = new ArrayList<>(List.of("create", "secret", "generic", spec.text("secrets.existingSecret"), "-n", namespace));
            for (String key : spec.<String>list("secrets.keys")) {
                args.add("--from-literal=" + key + "=value-of-" + key);
            }
            kubectl(args.toArray(String[]::new));
        }
        Map<String, Set<String>> configMaps = new LinkedHashMap<>();
        spec.map("configMapEnv").values().forEach(ref -> configMaps.computeIfAbsent(ref.substring(0, ref.indexOf('/')), k -> new TreeSet<>())
                .add(ref.substring(ref.indexOf('/') + 1)));
        spec.<String>list("envFromConfigMaps").forEach(name -> configMaps.computeIfAbsent(name, k -> new TreeSet<>()).add("FROM_" + name.replace('.', '_')));
        for (Map<String, Object> volume : spec.<Map<String, Object>>list("extraVolumes")) {
            String source = (String) volume.get("source");
            switch ((String) volume.get("type")) {
                case "configMap" -> configMaps.computeIfAbsent(source, k -> new TreeSet<>()).add("ca.crt");
                case "secret" -> kubectl("create", "secret", "generic", source, "-n", namespace, "--from-literal=tls.crt=certificate");
                case "persistentVolumeClaim" -> claim(source, "", "ReadWriteOnce", "1Gi");
                default -> { }
            }
        }
        configMaps.forEach((name, keys) -> {
            List<String> args = new ArrayList<>(List.of("create", "configmap", name, "-n", namespace));
            keys.forEach(k -> args.add("--from-literal=" + k + "=value"));
            kubectl(args.toArray(String[]::new));
        });
        if (spec.flag("persistence.enabled")) {
            String size = spec.text("persistence.size");
            String existing = spec.text("persistence.existingClaim");
            if (!existing.isEmpty()) {
                claim(existing, spec.text("persistence.storageClass"), spec.text("persistence.accessMode"), size);
            } else {
                // the chart's claims (one, or one a StatefulSet replica) bind to volumes made for them
                long claims = "StatefulSet".equals(spec.text("kind")) ? spec.integer("replicaCount") + 1 : 1;
                for (int i = 0; i < claims; i++) {
                    volume("v" + i, spec.text("persistence.storageClass"), spec.text("persistence.accessMode"), size);
                }
            }
        }
        for (Map.Entry<String, String> v : c.installValues().entrySet()) {
            write(chart.resolve(Install.secretKey(v.getKey())), v.getValue());
        }
    }

    /** A claim, bound to a volume made for it (the node has no provisioner). */
    private void claim(String name, String storageClass, String accessMode, String size) {
        volume(name, storageClass, accessMode, size);
        apply(Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim", "metadata", Map.of("name", name, "namespace", namespace),
                "spec", Map.of("storageClassName", storageClass, "accessModes", List.of(accessMode),
                        "resources", Map.of("requests", Map.of("storage", size)))));
    }

    /** A volume on the node's disk, labelled with this run (deleted after it). */
    private void volume(String name, String storageClass, String accessMode, String size) {
        Path dir = cluster.nodeDir().resolve("volumes/" + namespace + "-" + name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        apply(Map.of("apiVersion", "v1", "kind", "PersistentVolume",
                "metadata", Map.of("name", namespace + "-" + name, "labels", Map.of("chartsec.test/run", run)),
                "spec", Map.of("storageClassName", storageClass, "accessModes", List.of(accessMode), "capacity", Map.of("storage", size),
                        "persistentVolumeReclaimPolicy", "Retain", "hostPath", Map.of("path", dir.toString()))));
    }

    /**
     * The ports the test application serves (TESTAPP_PORTS, in the chart's {@code env}):
     * every port of a flow to the application, but those a sidecar of the answers serves.
     */
    private String appPorts() {
        TrafficModel model = new TrafficModel(spec, namespace, Map.of(), Map.of());
        Set<String> ports = portsTo(model, to -> to == model.app());
        for (Map<String, Object> sidecar : spec.<Map<String, Object>>list("sidecars")) {
            ports.remove(String.valueOf(sidecar.get("port")));
        }
        return String.join(" ", ports);
    }

    /** The README's commands as printed, in the chart's folder: lint, install (with {@code --wait} and the node's values added), test. */
    private boolean readmeCommands(Path values) {
        List<String> blocks = Install.shellBlocks(read(chart.resolve("README.md")));
        for (String command : RealClusterIT.lines(blocks.get(0))) {
            String line = command.replace(RealClusterIT.README_NAMESPACE, namespace);
            if (line.startsWith("helm install ")) {
                line += " -f " + values + " --wait --timeout 3m";
            }
            if (line.startsWith("helm test ") && !serving()) {
                continue; // the batch kinds have no connection test
            }
            Processes.Result r = Install.shell(cluster, "helm4", tmp, chart, log, line);
            if (r.exitCode() != 0) {
                problems.add("'" + line + "' failed: " + r.output() + describe());
                return false;
            }
        }
        RealNodeIT.count("installs", 1);
        return true;
    }

    /**
     * The values (as JSON, which Helm reads as YAML) that run the test application in place of the user's: the
     * ports it serves; the digests of the node's registry for those of the answers (they are the user's images');
     * its own commands where the answers name the user's programs (a batch run, an exec probe, an init container,
     * a sidecar, which serves its own port). Every other value is the chart's own.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> nodeValues(Map<String, String> digests) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("env", Map.of("TESTAPP_PORTS", appPorts()));
        List<String> probeCommand = List.of("/testapp", "probe");
        if (!spec.text("image.digest").isEmpty()) {
            values.put("image", Map.of("digest", digests.get(spec.text("image.repository") + ":" + spec.text("image.tag"))));
        }
        if (!spec.text("tests.image.digest").isEmpty()) {
            String test = cluster.node("digest", cluster.nodeDir().toString(), testImage()).stdout().strip();
            values.put("tests", Map.of("image", Map.of("digest", test)));
        }
        if (!serving()) {
            values.put("command", probeCommand); // a batch run that completes
            values.put("args", List.of());
        }
        Map<String, Object> probes = new LinkedHashMap<>();
        for (String probe : List.of("liveness", "readiness", "startup")) {
            if ("exec".equals(spec.text("probes." + probe + ".type"))) {
                probes.put(probe, Map.of("command", probeCommand));
            }
        }
        if (!probes.isEmpty()) {
            values.put("probes", probes);
        }
        List<Map<String, Object>> sidecars = new ArrayList<>();
        for (Map<String, Object> sidecar : (List<Map<String, Object>>) chartValues.get("sidecars")) {
            Map<String, Object> s = new LinkedHashMap<>(sidecar);
            s.put("digest", "");
            s.put("command", List.of("/testapp", "serve"));
            s.put("args", List.of(String.valueOf(sidecar.get("port"))));
            sidecars.add(s);
        }
        List<Map<String, Object>> inits = new ArrayList<>();
        for (Map<String, Object> init : (List<Map<String, Object>>) chartValues.get("initContainers")) {
            Map<String, Object> s = new LinkedHashMap<>(init);
            s.put("digest", "");
            s.put("command", probeCommand);
            s.put("args", List.of());
            inits.add(s);
        }
        values.put("sidecars", sidecars);
        values.put("initContainers", inits);
        return values;
    }

    /** The test application under the name of each image of the application's pods; their digests by name. */
    private Map<String, String> pushImages() {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String image : images()) {
            Processes.Result pushed = cluster.node("image", cluster.nodeDir().toString(), image);
            if (pushed.exitCode() != 0) {
                problems.add("cannot name the test application " + image + ": " + pushed.output());
                return null;
            }
            digests.put(image, pushed.stdout().strip());
        }
        return digests;
    }

    /** The images of the application's pods (the connection test's is in the registry already). */
    private Set<String> images() {
        String rendered = Helm.templateInProcess(chart, RealClusterIT.RELEASE, namespace, c.installValues());
        Set<String> images = new TreeSet<>();
        Matcher m = IMAGE.matcher(rendered);
        while (m.find()) {
            String image = m.group(1);
            image = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
            if (!image.equals(testImage())) {
                images.add(image);
            }
        }
        return images;
    }

    /** The connection test's image as the chart's values name it (node.sh builds it into the node's registry). */
    @SuppressWarnings("unchecked")
    private String testImage() {
        Map<String, Object> image = (Map<String, Object>) ((Map<String, Object>) chartValues.get("tests")).get("image");
        return image.get("repository") + ":" + image.get("tag");
    }

    /**
     * The commands the chart's NOTES print after install, run as printed: rollout status, helm test, a port-forward
     * (through which the application answers), or for a batch run the commands that start it now and wait for it
     * (a run started from a CronJob is then waited for here).
     */
    private boolean notesCommands() {
        String notes = cluster.helm("helm4", "get", "notes", RealClusterIT.RELEASE, "-n", namespace).stdout();
        List<String> commands = notes.lines().filter(l -> l.startsWith("  kubectl ") || l.startsWith("  helm ")).map(String::strip).toList();
        if (commands.isEmpty()) {
            problems.add("the NOTES print no command: " + notes);
            return false;
        }
        for (String command : commands) {
            if (command.contains(" port-forward ")) {
                portForward(command);
                continue;
            }
            Processes.Result r = Install.shell(cluster, "helm4", tmp, chart, log, command);
            if (r.exitCode() != 0) {
                problems.add("NOTES command '" + command + "' failed: " + r.output() + describe());
                return false;
            }
            if (command.contains(" create job --from=cronjob/")) {
                String job = command.substring(command.lastIndexOf(' ') + 1);
                Processes.Result done = cluster.kubectl("", "-n", namespace, "wait", "--for=condition=complete", "job/" + job, "--timeout=120s");
                if (done.exitCode() != 0) {
                    problems.add("the run the NOTES start did not complete: " + done.output() + describe());
                    return false;
                }
            }
        }
        RealNodeIT.count("NOTES commands run", commands.size());
        return true;
    }

    /**
     * A printed port-forward, in the background until the application answers through it with 200; one at a
     * time ({@link #LOCAL_PORT}), the port free again when it returns.
     */
    private void portForward(String command) {
        synchronized (LOCAL_PORT) {
            forwardOnce(command);
        }
    }

    private void forwardOnce(String command) {
        Matcher local = Pattern.compile(" (\\d+):\\d+$").matcher(command);
        if (!local.find()) {
            problems.add("NOTES port-forward without a local port: " + command);
            return;
        }
        Path out = tmp.resolve("port-forward.log");
        Process p = null;
        try {
            p = startUntil(List.of("bash", "-c", "exec " + command), Install.shellEnvironment(cluster, "helm4", tmp), out, "Forwarding from");
            var client = java.net.http.HttpClient.newHttpClient();
            var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + local.group(1) + "/"))
                    .timeout(Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                problems.add("through '" + command + "' the application answered " + response.statusCode());
            }
        } catch (IOException e) {
            problems.add("through '" + command + "': " + e + "; " + read(out));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (p != null) {
                p.destroy();
                try {
                    p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Starts a command in the background, its output to {@code log}, and waits (20 s at most) until the log shows {@code text}. */
    static Process startUntil(List<String> command, Map<String, String> env, Path log, String text) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!read(log).contains(text) && p.isAlive() && System.nanoTime() < deadline) {
            Install.sleep(50);
        }
        return p;
    }

    /** Every pod of the release Ready, as many as the workload asks. */
    private boolean podsReady() {
        if (!serving()) {
            return true; // a batch run: its NOTES commands start it and wait for it
        }
        String selector = Install.selector(spec);
        long expected = spec.enabled("autoscaling.enabled") ? spec.integer("autoscaling.minReplicas") : spec.integer("replicaCount");
        String conditions = cluster.kubectl("", "get", "pods", "-n", namespace, "-l", selector, "-o",
                "jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}").stdout();
        List<String> ready = RealClusterIT.lines(conditions).stream().filter(l -> l.endsWith(" True")).toList();
        if (ready.size() < expected) { // (more while a rolling update's old pods terminate)
            problems.add(ready.size() + " of " + expected + " pods Ready after helm --wait" + describe());
            return false;
        }
        RealNodeIT.count("pods Ready", ready.size());
        return true;
    }

    /**
     * Each flow of the traffic model, tried: the pod peers started in their namespaces with their labels (the DNS
     * peer is the cluster's CoreDNS), the outside addresses given to the outside namespace, then from each source at
     * once every destination it has a flow to; the result of each compared with what the answers allow.
     */
    private boolean traffic() {
        try {
            TrafficModel model = Install.model(cluster, spec, namespace, Install.selector(spec),
                    cluster.helm("helm4", "get", "hooks", RealClusterIT.RELEASE, "-n", namespace).stdout());
            Endpoints endpoints = endpoints(model);
            if (endpoints == null) {
                return false;
            }
            Map<Peer, List<Flow>> bySource = new LinkedHashMap<>();
            int skipped = 0;
            for (Flow f : model.flows()) {
                if (f.to().ip().contains(":") || f.from().ip().contains(":")) {
                    skipped++; // the node has IPv4 only
                    continue;
                }
                bySource.computeIfAbsent(f.from(), k -> new ArrayList<>()).add(f);
            }
            Map<Flow, Boolean> measured = new ConcurrentHashMap<>();
            // every source at once: a blocked flow costs the probe's timeout, not the sum of them
            ExecutorService sources = Executors.newFixedThreadPool(bySource.size());
            try {
                List<Future<Map<Flow, Boolean>>> probes = new ArrayList<>();
                bySource.forEach((source, flows) -> probes.add(sources.submit(() -> probe(source, flows, endpoints))));
                for (Future<Map<Flow, Boolean>> f : probes) {
                    measured.putAll(f.get());
                }
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            } finally {
                sources.shutdownNow();
                cluster.kubectl("", "delete", "pods", "-A", "-l", "chartsec.test/run=" + run, "--grace-period=1");
            }
            int cells = 0;
            for (Flow f : model.flows()) {
                Boolean open = measured.get(f);
                if (open == null) {
                    continue;
                }
                cells++;
                if (open != model.expected(f)) {
                    problems.add("traffic " + f + ": " + (open ? "connected" : "blocked") + " on the node, the answers "
                            + (model.expected(f) ? "allow" : "deny") + " it");
                }
            }
            RealNodeIT.count("flows tried", cells);
            RealNodeIT.count("flows not tried (IPv6)", skipped);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where each peer is on the node: the pod made for it (or the application's, or CoreDNS) as NAMESPACE/POD/CONTAINER
     * (the container a probe runs in), and its address.
     */
    private record Endpoints(Map<Peer, String> pods, Map<Peer, String> ips) {
    }

    private Endpoints endpoints(TrafficModel model) throws IOException {
        Set<Peer> peers = new LinkedHashSet<>();
        for (Flow f : model.flows()) {
            peers.add(f.from());
            peers.add(f.to());
        }
        Map<Peer, String> pods = new LinkedHashMap<>();
        Map<Peer, String> ips = new LinkedHashMap<>();
        pods.put(model.app(), namespace + "/" + firstPod(namespace, Install.selector(spec)));
        pods.put(TrafficModel.KUBE_DNS, "kube-system/" + firstPod("kube-system", "k8s-app=kube-dns"));
        List<String> addresses = new ArrayList<>();
        int n = 0;
        for (Peer p : peers) {
            if (pods.containsKey(p)) {
                continue;
            }
            if (!p.isPod()) {
                if (!p.ip().contains(":")) {
                    addresses.add(p.ip());
                    ips.put(p, p.ip());
                }
                continue;
            }
            String name = "peer-" + run + "-" + n++;
            if (!p.namespace().equals(namespace) && peerNamespaces.add(p.namespace())) {
                cluster.kubectl("", "create", "namespace", p.namespace());
            }
            Map<String, String> labels = new LinkedHashMap<>(p.podLabels());
            labels.put("chartsec.test/run", run);
            apply(peerPod(name, p.namespace(), labels, String.join(" ", portsTo(model, p::equals))));
            pods.put(p, p.namespace() + "/" + name);
        }
        Processes.Result given = cluster.node(prepend("outside", addresses));
        if (given.exitCode() != 0) {
            problems.add("outside addresses: " + given.output());
            return null;
        }
        Processes.Result ready = cluster.kubectl("", "wait", "--for=condition=Ready", "pods", "-A", "-l", "chartsec.test/run=" + run, "--timeout=90s");
        if (ready.exitCode() != 0) {
            problems.add("the peer pods did not start: " + ready.output());
            return null;
        }
        for (Map.Entry<Peer, String> e : pods.entrySet()) {
            String[] where = e.getValue().split("/");
            String[] ipAndContainer = cluster.kubectl("", "get", "pod", where[1], "-n", where[0], "-o",
                    "jsonpath={.status.podIP} {.spec.containers[0].name}").stdout().strip().split(" ");
            ips.put(e.getKey(), ipAndContainer[0]);
            e.setValue(e.getValue() + "/" + ipAndContainer[1]);
        }
        RealNodeIT.count("peer pods", pods.size() - 2);
        return new Endpoints(pods, ips);
    }

    private String firstPod(String ns, String selector) {
        return cluster.kubectl("", "get", "pods", "-n", ns, "-l", selector, "--field-selector=status.phase=Running", "-o",
                "jsonpath={.items[0].metadata.name}").stdout().strip();
    }

    /** A pod of the test application, restricted like any pod of the cluster's namespaces, serving these ports. */
    private static Map<String, Object> peerPod(String name, String ns, Map<String, String> labels, String ports) {
        return Map.of("apiVersion", "v1", "kind", "Pod", "metadata", Map.of("name", name, "namespace", ns, "labels", labels),
                "spec", Map.of("automountServiceAccountToken", false, "enableServiceLinks", false, "terminationGracePeriodSeconds", 1,
                        "securityContext", Map.of("runAsNonRoot", true, "runAsUser", 65532, "seccompProfile", Map.of("type", "RuntimeDefault")),
                        "containers", List.of(Map.of("name", "peer", "image", PEER_IMAGE, "imagePullPolicy", "IfNotPresent",
                                "env", List.of(Map.of("name", "TESTAPP_PORTS", "value", ports)),
                                "securityContext", Map.of("allowPrivilegeEscalation", false, "readOnlyRootFilesystem", true,
                                        "capabilities", Map.of("drop", List.of("ALL")))))));
    }

    /** The ports of the flows to outside addresses (the outside namespace must serve them), as testapp names them. */
    static Set<String> outsidePorts(AnswerMatrix.Case c) {
        return portsTo(new TrafficModel(RealClusterIT.spec(c), "any", Map.of(), Map.of()), to -> !to.isPod());
    }

    /** The ports of the model's flows to the peers {@code to} accepts, as testapp serve names them (PORT, PORT/udp). */
    private static Set<String> portsTo(TrafficModel model, java.util.function.Predicate<Peer> to) {
        Set<String> ports = new TreeSet<>();
        for (Flow f : model.flows()) {
            if (to.test(f.to())) {
                ports.add(f.port() + ("UDP".equals(f.protocol()) ? "/udp" : ""));
            }
        }
        return ports;
    }

    /** The flows of one source, tried at once from inside it: each destination's address and port, open or not. */
    private Map<Flow, Boolean> probe(Peer source, List<Flow> flows, Endpoints endpoints) {
        Map<String, List<Flow>> targets = new LinkedHashMap<>();
        for (Flow f : flows) {
            targets.computeIfAbsent(f.protocol().toLowerCase(java.util.Locale.ROOT) + ":" + endpoints.ips().get(f.to()) + ":" + f.port(),
                    k -> new ArrayList<>()).add(f);
        }
        List<String> command = new ArrayList<>();
        Processes.Result r;
        if (source.isPod()) {
            String[] where = endpoints.pods().get(source).split("/");
            command.addAll(List.of("exec", "-n", where[0], where[1], "-c", where[2], "--", "/testapp", "probe", "-timeout", PROBE_TIMEOUT));
            command.addAll(targets.keySet());
            r = cluster.kubectl("", command.toArray(String[]::new));
        } else {
            command.addAll(List.of("probe-outside", source.ip(), "-timeout", PROBE_TIMEOUT));
            command.addAll(targets.keySet());
            r = cluster.node(command.toArray(String[]::new));
        }
        Map<Flow, Boolean> result = new LinkedHashMap<>();
        Matcher m = PROBED.matcher(r.stdout());
        while (m.find()) {
            for (Flow f : targets.getOrDefault(m.group(1) + ":" + m.group(2), List.of())) {
                result.put(f, "open".equals(m.group(3)));
            }
        }
        int distinct = new LinkedHashSet<>(flows).size();
        if (result.size() != distinct) {
            synchronized (problems) {
                problems.add("probing from " + source.name() + " answered " + result.size() + " of " + distinct + " flows: " + r.output());
            }
        }
        return result;
    }

    private boolean upgrade(Path values) {
        Processes.Result r = Install.shell(cluster, "helm4", tmp, chart, log, "helm upgrade " + RealClusterIT.RELEASE + " . --namespace " + namespace
                + " -f " + values + " --set probes.liveness.periodSeconds=15 --wait --timeout 3m");
        if (r.exitCode() != 0) {
            problems.add("upgrade failed: " + r.output() + describe());
            return false;
        }
        RealNodeIT.count("upgrades", 1);
        return !serving() || podsReady(); // a batch run has run
    }

    /** helm uninstall, then no pod of the release in the API and no container of it on the node. */
    private boolean uninstall() {
        Processes.Result r = Install.shell(cluster, "helm4", tmp, chart, log, "helm uninstall " + RealClusterIT.RELEASE + " --namespace "
                + namespace + " --wait --timeout 2m");
        if (r.exitCode() != 0) {
            problems.add("uninstall failed: " + r.output());
            return false;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String pods = cluster.kubectl("", "get", "pods", "-n", namespace, "-l", "app.kubernetes.io/instance=" + RealClusterIT.RELEASE,
                    "-o", "name").stdout().strip();
            String containers = cluster.node("containers", cluster.nodeDir().toString(), namespace).stdout().strip();
            if (pods.isEmpty() && containers.isEmpty()) {
                RealNodeIT.count("uninstalls", 1);
                return true;
            }
            if (System.nanoTime() > deadline) {
                problems.add("60 s after helm uninstall, left: pods " + pods + "; containers " + containers);
                return false;
            }
            Install.sleep(500);
        }
    }

    /** The state of the namespace's pods and its recent events, for a failure's message. */
    private String describe() {
        return "\npods:\n" + cluster.kubectl("", "get", "pods", "-n", namespace, "-o", "wide").output()
                + "events:\n" + cluster.kubectl("", "get", "events", "-n", namespace, "--sort-by=.lastTimestamp").stdout();
    }

    private void kubectl(String... args) {
        Processes.Result r = cluster.kubectl("", args);
        log.append("$ kubectl ").append(String.join(" ", args)).append('\n').append(r.output()).append('\n');
        if (r.exitCode() != 0) {
            problems.add("kubectl " + String.join(" ", args) + ": " + r.output());
        }
    }

    private void apply(Map<String, Object> object) {
        try {
            Processes.Result r = cluster.kubectl(JSON.writeValueAsString(object), "apply", "-f", "-");
            if (r.exitCode() != 0) {
                problems.add("cannot create " + object.get("kind") + ": " + r.output());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
