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
 * free ports; certificates are made with openssl. There is no scheduler or kubelet: pods are admitted and stay
 * Pending. Started once per test JVM, stopped by PID when the JVM exits (and, should a run have been killed,
 * the processes it left are stopped by the PIDs it recorded before a new one starts).
 */
public final class KubeCluster {
    public static final Path BIN = Helm.TOOLS.resolve("kube/bin");
    /** The API server's Service address range; its first address is the `kubernetes` Service. */
    public static final String SERVICE_RANGE = "10.96.0.0/16";
    private static final String ADMIN_TOKEN = "chartsec-test-admin";
    private static final Path DIR = Path.of("target/kube-cluster").toAbsolutePath();
    private static KubeCluster shared;

    private final List<ProcessHandle> processes = new ArrayList<>();
    private final Path kubeconfig;
    private final int apiPort;
    private Duration startup = Duration.ZERO;

    private KubeCluster(Path kubeconfig, int apiPort) {
        this.kubeconfig = kubeconfig;
        this.apiPort = apiPort;
    }

    /** The cluster of this test JVM, started on first use. */
    public static synchronized KubeCluster shared() {
        if (shared == null) {
            shared = start();
            KubeCluster cluster = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "kube-cluster-stop"));
        }
        return shared;
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
        return Map.of("KUBECONFIG", kubeconfig.toString(), "HELM_CACHE_HOME", DIR.resolve("helm/cache").toString(),
                "HELM_CONFIG_HOME", DIR.resolve("helm/config").toString(), "HELM_DATA_HOME", DIR.resolve("helm/data").toString());
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

    private static KubeCluster start() {
        long started = System.nanoTime();
        for (String binary : List.of("etcd", "kube-apiserver", "kube-controller-manager", "kubectl")) {
            if (!Files.isExecutable(BIN.resolve(binary))) {
                throw new IllegalStateException(BIN.resolve(binary) + " is missing: run tools/kube/build.sh (the Maven build does)");
            }
        }
        try {
            stopLeftovers();
            deleteTree(DIR);
            Files.createDirectories(DIR);
            Certificates.make(DIR);
            int etcdPort = freePort();
            int peerPort = freePort();
            int apiPort = freePort();
            int kcmPort = freePort();
            Files.writeString(DIR.resolve("tokens.csv"), ADMIN_TOKEN + ",admin,admin,\"system:masters\"\n"
                    + "chartsec-test-kcm,system:kube-controller-manager,kcm\n");
            Files.writeString(DIR.resolve("admission.yaml"), ADMISSION);
            Path kubeconfig = writeKubeconfig("admin.kubeconfig", apiPort, ADMIN_TOKEN);
            Path kcmKubeconfig = writeKubeconfig("kcm.kubeconfig", apiPort, "chartsec-test-kcm");
            KubeCluster cluster = new KubeCluster(kubeconfig, apiPort);
            cluster.launch("etcd", List.of("--name=default", "--data-dir=" + DIR.resolve("etcd"),
                    "--listen-client-urls=http://127.0.0.1:" + etcdPort, "--advertise-client-urls=http://127.0.0.1:" + etcdPort,
                    "--listen-peer-urls=http://127.0.0.1:" + peerPort,
                    "--initial-advertise-peer-urls=http://127.0.0.1:" + peerPort,
                    "--initial-cluster=default=http://127.0.0.1:" + peerPort, "--unsafe-no-fsync=true",
                    "--listen-metrics-urls=", "--log-level=warn"));
            cluster.launch("kube-apiserver", List.of("--etcd-servers=http://127.0.0.1:" + etcdPort,
                    "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port=" + apiPort,
                    "--cert-dir=" + DIR.resolve("apiserver-certs"),
                    "--tls-cert-file=" + DIR.resolve("apiserver.crt"), "--tls-private-key-file=" + DIR.resolve("apiserver.key"),
                    "--client-ca-file=" + DIR.resolve("ca.crt"), "--token-auth-file=" + DIR.resolve("tokens.csv"),
                    "--service-account-key-file=" + DIR.resolve("sa.pub"),
                    "--service-account-signing-key-file=" + DIR.resolve("sa.key"),
                    "--service-account-issuer=https://kubernetes.default.svc",
                    "--service-cluster-ip-range=" + SERVICE_RANGE, "--authorization-mode=RBAC",
                    "--enable-admission-plugins=NamespaceLifecycle,ServiceAccount,PodSecurity",
                    "--admission-control-config-file=" + DIR.resolve("admission.yaml"), "--allow-privileged=false",
                    "--kubelet-preferred-address-types=InternalIP,Hostname", "--v=0"));
            cluster.waitFor("the API server to be ready", () -> cluster.kubectl("", "get", "--raw", "/readyz").exitCode() == 0);
            cluster.launch("kube-controller-manager", List.of("--kubeconfig=" + kcmKubeconfig,
                    "--use-service-account-credentials=true", "--service-account-private-key-file=" + DIR.resolve("sa.key"),
                    "--root-ca-file=" + DIR.resolve("ca.crt"), "--bind-address=127.0.0.1", "--secure-port=" + kcmPort,
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
                .redirectOutput(DIR.resolve(binary + ".log").toFile()).start();
        processes.add(p.toHandle());
        Files.writeString(DIR.resolve("pids"), p.pid() + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private void waitFor(String what, java.util.function.BooleanSupplier ready) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!ready.getAsBoolean()) {
            for (ProcessHandle p : processes) {
                if (!p.isAlive()) {
                    stop();
                    throw new IllegalStateException(p.info().command().orElse("a control-plane process")
                            + " exited while waiting for " + what + "; see " + DIR + "/*.log");
                }
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("timed out waiting for " + what + "; see " + DIR + "/*.log");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Stops the processes in the reverse order of their start: SIGTERM, then SIGKILL after 10 s. */
    public synchronized void stop() {
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
    private static void stopLeftovers() throws IOException {
        Path pids = DIR.resolve("pids");
        if (!Files.exists(pids)) {
            return;
        }
        for (String line : Files.readAllLines(pids)) {
            ProcessHandle.of(Long.parseLong(line.trim()))
                    .filter(p -> p.info().command().map(c -> c.startsWith(BIN.toString())).orElse(false))
                    .ifPresent(KubeCluster::terminate);
        }
    }

    private static Path writeKubeconfig(String name, int apiPort, String token) throws IOException {
        Path file = DIR.resolve(name);
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: test
                    cluster:
                      server: https://127.0.0.1:%d
                      certificate-authority: %s
                users:
                  - name: user
                    user:
                      token: %s
                contexts:
                  - name: test
                    context: {cluster: test, user: user}
                current-context: test
                """.formatted(apiPort, DIR.resolve("ca.crt"), token));
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

    /** The cluster's CA, the API server's serving certificate and the service-account key pair, by openssl. */
    private static final class Certificates {
        static void make(Path dir) {
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                    "-days", "2", "-subj", "/CN=chartsec-test-ca");
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "apiserver.key", "-out", "apiserver.csr",
                    "-subj", "/CN=kube-apiserver");
            try {
                Files.writeString(dir.resolve("apiserver.ext"), "subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,"
                        + "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            openssl(dir, "x509", "-req", "-in", "apiserver.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", "apiserver.crt", "-days", "2", "-extfile", "apiserver.ext");
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
