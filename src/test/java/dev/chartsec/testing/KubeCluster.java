package dev.chartsec.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Kubernetes control plane for the integration tests: etcd, kube-apiserver with Pod Security admission
 * (cluster defaults enforce, audit and warn {@code restricted} at {@code latest}, kube-system exempt) and
 * kube-controller-manager, built by tools/kube/build.sh into .tools/kube/bin. Everything listens on 127.0.0.1 on
 * free ports; certificates are made with openssl. {@link #shared()} has no scheduler or kubelet: pods are admitted
 * and stay Pending. {@link #withNode()} is a second cluster with one real node (tools/node/node.sh: containerd,
 * kubelet, kube-proxy, kube-scheduler, NetworkPolicy enforcement, CoreDNS), its API server on the node's address
 * so that pods reach it. Each is started once per test JVM, stopped by PID when the JVM exits (and, should a run
 * have been killed, the processes it left are stopped by the PIDs it recorded before a new one starts).
 */
public final class KubeCluster {
    public static final Path BIN = Helm.TOOLS.resolve("kube/bin");
    /** The API server's Service address range; its first address is the `kubernetes` Service. */
    public static final String SERVICE_RANGE = "10.96.0.0/16";
    private static final String ADMIN_TOKEN = "chartsec-test-admin";
    /** The node's own script: starts, names images, gives outside addresses, stops and cleans up. */
    private static final Path NODE_SCRIPT = Path.of("tools/node/node.sh").toAbsolutePath();
    private static KubeCluster shared;
    private static KubeCluster withNode;

    private final List<ProcessHandle> processes = new ArrayList<>();
    private final Path dir;
    private final Path kubeconfig;
    private final int apiPort;
    /** Where the node keeps its state and logs; null without a node. */
    private Path nodeDir;
    private Duration startup = Duration.ZERO;
    private Duration nodeStartup = Duration.ZERO;

    private KubeCluster(Path dir, Path kubeconfig, int apiPort) {
        this.dir = dir;
        this.kubeconfig = kubeconfig;
        this.apiPort = apiPort;
    }

    /** The control plane of this test JVM, started on first use. */
    public static synchronized KubeCluster shared() {
        if (shared == null) {
            shared = start(Path.of("target/kube-cluster").toAbsolutePath(), false);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "kube-cluster-stop"));
        }
        return shared;
    }

    /** The cluster with a real node of this test JVM, started on first use. */
    public static synchronized KubeCluster withNode() {
        if (withNode == null) {
            KubeCluster cluster = start(Path.of("target/kube-node").toAbsolutePath(), true);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "kube-node-stop"));
            cluster.startNode();
            withNode = cluster;
        }
        return withNode;
    }

    private static String nodeAddress() {
        Processes.Result address = runNode("address");
        if (address.exitCode() != 0) {
            throw new IllegalStateException("node.sh address: " + address.output());
        }
        return address.stdout().strip();
    }

    private void startNode() {
        long started = System.nanoTime();
        nodeDir = dir.resolve("node");
        Processes.Result up = node("up", nodeDir.toString(), kubeconfig.toString());
        if (up.exitCode() != 0) {
            stop();
            throw new IllegalStateException("the node did not start: " + up.output());
        }
        nodeStartup = Duration.ofNanos(System.nanoTime() - started);
    }

    /** Runs node.sh with these arguments (the node's commands: image, outside, leftovers, down). */
    public Processes.Result node(String... args) {
        return runNode(args);
    }

    /** The command line of node.sh with these arguments, for a command that runs in the background. */
    public static List<String> nodeCommand(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", NODE_SCRIPT.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static Processes.Result runNode(String... args) {
        return Processes.run(nodeCommand(args), null, Map.of(), "", Duration.ofMinutes(4));
    }

    public Path nodeDir() {
        return nodeDir;
    }

    public Duration nodeStartup() {
        return nodeStartup;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The API server's own address as pods would see it after the Service is resolved: 127.0.0.1 and its port. */
    public int apiPort() {
        return apiPort;
    }

    public Duration startup() {
        return startup;
    }

    /** The environment every client of this cluster runs with: its kubeconfig and nothing of the user's. */
    public Map<String, String> env() {
        return Map.of("KUBECONFIG", kubeconfig.toString(), "HELM_CACHE_HOME", dir.resolve("helm/cache").toString(),
                "HELM_CONFIG_HOME", dir.resolve("helm/config").toString(), "HELM_DATA_HOME", dir.resolve("helm/data").toString());
    }

    public Processes.Result kubectl(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(BIN.resolve("kubectl").toString()));
        command.addAll(List.of(args));
        return Processes.run(command, null, env(), stdin, Duration.ofMinutes(2));
    }

    /** Runs "helm3" or "helm4" from .tools against this cluster. */
    public Processes.Result helm(String helm, String... args) {
        List<String> command = new ArrayList<>(List.of(Helm.TOOLS.resolve(helm).toString()));
        command.addAll(List.of(args));
        return Processes.run(command, null, env(), "", Duration.ofMinutes(3));
    }

    /**
     * A control plane keeping its state in {@code dir}, everything on loopback; for a node, its API server on the
     * node's address instead (made by node.sh once what a killed run left is cleaned up).
     */
    private static KubeCluster start(Path dir, boolean forNode) {
        long started = System.nanoTime();
        for (String binary : List.of("etcd", "kube-apiserver", "kube-controller-manager", "kubectl")) {
            if (!Files.isExecutable(BIN.resolve(binary))) {
                throw new IllegalStateException(BIN.resolve(binary) + " is missing: run tools/kube/build.sh (the Maven build does)");
            }
        }
        try {
            stopLeftovers(dir);
            deleteTree(dir);
            Files.createDirectories(dir);
            String address = forNode ? nodeAddress() : "127.0.0.1";
            Certificates.make(dir, address);
            int etcdPort = freePort();
            int peerPort = freePort();
            int apiPort = freePort();
            int kcmPort = freePort();
            Files.writeString(dir.resolve("tokens.csv"), ADMIN_TOKEN + ",admin,admin,\"system:masters\"\n"
                    + "chartsec-test-kcm,system:kube-controller-manager,kcm\n");
            Files.writeString(dir.resolve("admission.yaml"), ADMISSION);
            Path kubeconfig = writeKubeconfig(dir, "admin.kubeconfig", address, apiPort, ADMIN_TOKEN);
            Path kcmKubeconfig = writeKubeconfig(dir, "kcm.kubeconfig", address, apiPort, "chartsec-test-kcm");
            KubeCluster cluster = new KubeCluster(dir, kubeconfig, apiPort);
            cluster.launch("etcd", List.of("--name=default", "--data-dir=" + dir.resolve("etcd"),
                    "--listen-client-urls=http://127.0.0.1:" + etcdPort, "--advertise-client-urls=http://127.0.0.1:" + etcdPort,
                    "--listen-peer-urls=http://127.0.0.1:" + peerPort,
                    "--initial-advertise-peer-urls=http://127.0.0.1:" + peerPort,
                    "--initial-cluster=default=http://127.0.0.1:" + peerPort, "--unsafe-no-fsync=true",
                    "--listen-metrics-urls=", "--log-level=warn"));
            List<String> apiServer = new ArrayList<>(List.of("--etcd-servers=http://127.0.0.1:" + etcdPort,
                    "--bind-address=" + address, "--advertise-address=" + address, "--secure-port=" + apiPort,
                    "--cert-dir=" + dir.resolve("apiserver-certs"),
                    "--tls-cert-file=" + dir.resolve("apiserver.crt"), "--tls-private-key-file=" + dir.resolve("apiserver.key"),
                    "--client-ca-file=" + dir.resolve("ca.crt"), "--token-auth-file=" + dir.resolve("tokens.csv"),
                    "--service-account-key-file=" + dir.resolve("sa.pub"),
                    "--service-account-signing-key-file=" + dir.resolve("sa.key"),
                    // logs, exec and port-forward: the API server's client certificate, which a node's kubelet trusts
                    "--kubelet-client-certificate=" + dir.resolve("kubelet-client.crt"),
                    "--kubelet-client-key=" + dir.resolve("kubelet-client.key"),
                    "--service-account-issuer=https://kubernetes.default.svc",
                    "--service-cluster-ip-range=" + SERVICE_RANGE, "--authorization-mode=RBAC",
                    "--enable-admission-plugins=NamespaceLifecycle,ServiceAccount,PodSecurity" + (forNode ? ",MutatingAdmissionPolicy" : ""),
                    "--admission-control-config-file=" + dir.resolve("admission.yaml"), "--allow-privileged=false",
                    "--kubelet-preferred-address-types=InternalIP,Hostname", "--v=0"));
            if (forNode) {
                // mutating admission policies (beta): node.sh emulates OpenShift's user-ID assignment with one
                apiServer.addAll(List.of("--feature-gates=MutatingAdmissionPolicy=true",
                        "--runtime-config=admissionregistration.k8s.io/v1beta1=true"));
            }
            cluster.launch("kube-apiserver", apiServer);
            cluster.waitFor("the API server to be ready", () -> cluster.kubectl("", "get", "--raw", "/readyz").exitCode() == 0);
            cluster.launch("kube-controller-manager", List.of("--kubeconfig=" + kcmKubeconfig,
                    "--use-service-account-credentials=true", "--service-account-private-key-file=" + dir.resolve("sa.key"),
                    "--root-ca-file=" + dir.resolve("ca.crt"), "--bind-address=127.0.0.1", "--secure-port=" + kcmPort,
                    "--leader-elect=false", "--cluster-signing-duration=1h", "--v=0"));
            // A namespace is usable once the controller-manager has given it its default ServiceAccount.
            cluster.waitFor("the controller-manager to serve namespaces",
                    () -> cluster.kubectl("", "-n", "default", "get", "serviceaccount", "default").exitCode() == 0);
            // the published CRDs of the custom resources charts may carry, so the server validates them
            for (Path crd : Files.list(Helm.TOOLS.resolve("kube/crds")).filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                Processes.Result created = cluster.kubectl("", "create", "-f", crd.toString());
                if (created.exitCode() != 0) {
                    throw new IllegalStateException("cannot create " + crd + ": " + created.output());
                }
            }
            cluster.waitFor("the CRDs to be established", () -> cluster.kubectl("", "wait", "--for=condition=Established",
                    "--timeout=5s", "crd", "--all").exitCode() == 0);
            cluster.startup = Duration.ofNanos(System.nanoTime() - started);
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch(String binary, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(BIN.resolve(binary).toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(binary + ".log").toFile()).start();
        processes.add(p.toHandle());
        Files.writeString(dir.resolve("pids"), p.pid() + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private void waitFor(String what, java.util.function.BooleanSupplier ready) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!ready.getAsBoolean()) {
            for (ProcessHandle p : processes) {
                if (!p.isAlive()) {
                    stop();
                    throw new IllegalStateException(p.info().command().orElse("a control-plane process")
                            + " exited while waiting for " + what + "; see " + dir + "/*.log");
                }
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("timed out waiting for " + what + "; see " + dir + "/*.log");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Stops the node (node.sh down), then the processes in the reverse order of their start: SIGTERM, then SIGKILL after 10 s. */
    public synchronized void stop() {
        if (nodeDir != null) {
            node("down", nodeDir.toString());
            nodeDir = null;
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            terminate(processes.get(i));
        }
        processes.clear();
    }

    private static void terminate(ProcessHandle p) {
        p.destroy();
        try {
            p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
        }
    }

    /** A run killed before its shutdown hook leaves its processes; stop those still running our binaries. */
    private static void stopLeftovers(Path dir) throws IOException {
        Path node = dir.resolve("node");
        if (Files.isDirectory(node)) {
            runNode("down", node.toString());
        }
        Path pids = dir.resolve("pids");
        if (!Files.exists(pids)) {
            return;
        }
        for (String line : Files.readAllLines(pids)) {
            ProcessHandle.of(Long.parseLong(line.trim()))
                    .filter(p -> p.info().command().map(c -> c.startsWith(BIN.toString())).orElse(false))
                    .ifPresent(KubeCluster::terminate);
        }
    }

    private static Path writeKubeconfig(Path dir, String name, String address, int apiPort, String token) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: test
                    cluster:
                      server: https://%s:%d
                      certificate-authority: %s
                users:
                  - name: user
                    user:
                      token: %s
                contexts:
                  - name: test
                    context: {cluster: test, user: user}
                current-context: test
                """.formatted(address, apiPort, dir.resolve("ca.crt"), token));
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static final String ADMISSION = """
            apiVersion: apiserver.config.k8s.io/v1
            kind: AdmissionConfiguration
            plugins:
              - name: PodSecurity
                configuration:
                  apiVersion: pod-security.admission.config.k8s.io/v1
                  kind: PodSecurityConfiguration
                  defaults:
                    enforce: restricted
                    enforce-version: latest
                    audit: restricted
                    audit-version: latest
                    warn: restricted
                    warn-version: latest
                  exemptions:
                    usernames: []
                    runtimeClasses: []
                    namespaces: [kube-system]
            """;

    /**
     * The cluster's CA, the API server's serving certificate (for {@code address} too) and its client certificate
     * for kubelets, and the service-account key pair, by openssl.
     */
    private static final class Certificates {
        static void make(Path dir, String address) {
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                    "-days", "2", "-subj", "/CN=chartsec-test-ca");
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "apiserver.key", "-out", "apiserver.csr",
                    "-subj", "/CN=kube-apiserver");
            try {
                Files.writeString(dir.resolve("apiserver.ext"), "subjectAltName=IP:127.0.0.1,IP:10.96.0.1,IP:" + address + ",DNS:localhost,"
                        + "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            openssl(dir, "x509", "-req", "-in", "apiserver.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", "apiserver.crt", "-days", "2", "-extfile", "apiserver.ext");
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "kubelet-client.key", "-out", "kubelet-client.csr",
                    "-subj", "/O=system:masters/CN=kube-apiserver-kubelet-client");
            openssl(dir, "x509", "-req", "-in", "kubelet-client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", "kubelet-client.crt", "-days", "2");
            openssl(dir, "genrsa", "-out", "sa.key", "2048");
            openssl(dir, "rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub");
        }

        private static void openssl(Path dir, String... args) {
            List<String> command = new ArrayList<>(List.of("openssl"));
            command.addAll(List.of(args));
            Processes.Result r = Processes.run(command, dir, Map.of(), "", Duration.ofMinutes(1));
            if (r.exitCode() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + ": " + r.output());
            }
        }
    }
}
