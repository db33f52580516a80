package dev.chartsec.testing;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chartsec.option.ChartSpec;
import dev.chartsec.testing.Cyclonus.Flow;
import dev.chartsec.testing.Cyclonus.Peer;

/**
 * The traffic a chart must allow, derived from its answers alone (never from its templates): a model of the
 * pods and addresses around the application, the flows between them, and for each flow whether NetworkPolicy
 * semantics, applied to what the answers ask for, allow it. The pods' own labels come from the objects the
 * cluster accepted (they are the identity of the endpoints, not a rule).
 */
public final class TrafficModel {
    static final String ELSEWHERE = "elsewhere";
    static final Map<String, String> NEIGHBOUR_LABELS = Map.of("app", "neighbour");
    public static final Peer KUBE_DNS = new Peer("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"), "10.244.5.10");
    static final Peer OPENSHIFT_DNS = new Peer("openshift-dns", "openshift-dns",
            Map.of("dns.operator.openshift.io/daemonset-dns", "default"), "10.244.5.11");
    static final Peer PRIVATE = Peer.address("private address", "10.1.2.3");
    static final Peer METADATA = Peer.address("metadata address", "169.254.169.254");
    static final Peer PUBLIC = Peer.address("public address", "8.8.8.8");
    /** The ranges "the internet" excludes, as RFC 1918 and RFC 3927 define them. */
    private static final List<String> NOT_INTERNET = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16");

    private final ChartSpec spec;
    private final String namespace;
    private final boolean policies;
    /** The kinds that take traffic have a Service; a batch run (CronJob, Job) takes none and has no test pod. */
    private final boolean serving;
    final Peer app;
    final Peer test;
    final Peer neighbour;
    final Peer stranger;
    final Peer controller;
    final Peer prometheus;
    final Peer postgresql;
    final Peer redis;
    final Peer apiServer;
    final List<Peer> egressPods = new ArrayList<>();
    final List<Peer> extraSources = new ArrayList<>();
    /** For each of service.extraPorts, a peer for each of its own sources. */
    final List<List<Peer>> portSources = new ArrayList<>();
    final List<Peer> outsideClients = new ArrayList<>();
    final List<Peer> egressCidrHosts = new ArrayList<>();
    final List<Peer> egressExceptHosts = new ArrayList<>();
    private final List<Flow> flows = new ArrayList<>();

    public TrafficModel(ChartSpec spec, String namespace, Map<String, String> appLabels, Map<String, String> testLabels) {
        this.spec = spec;
        this.namespace = namespace;
        this.policies = spec.flag("networkPolicy.enabled");
        this.serving = spec.applies("service.type");
        app = new Peer("app", namespace, appLabels, "10.244.0.10");
        test = new Peer("test pod", namespace, testLabels, "10.244.0.11");
        neighbour = new Peer("other pod of the namespace", namespace, NEIGHBOUR_LABELS, "10.244.0.12");
        stranger = new Peer("pod of another namespace", ELSEWHERE, NEIGHBOUR_LABELS, "10.244.2.10");
        controller = new Peer("ingress controller", controllerNamespace(spec), controllerLabels(spec), "10.244.1.10");
        prometheus = spec.enabled("metrics.enabled")
                ? new Peer("prometheus", spec.text("metrics.prometheus.namespace"), spec.map("metrics.prometheus.podLabels"), "10.244.6.10")
                : new Peer("prometheus", "monitoring", Map.of("app.kubernetes.io/name", "prometheus"), "10.244.6.10");
        postgresql = new Peer("postgresql", namespace, Map.of("app.kubernetes.io/name", "postgresql"), "10.244.0.20");
        redis = new Peer("redis", namespace, Map.of("app.kubernetes.io/name", "redis"), "10.244.0.21");
        String apiCidr = spec.applies("networkPolicy.egress.apiServer.cidr") ? spec.text("networkPolicy.egress.apiServer.cidr") : "172.18.0.2/32";
        apiServer = Peer.address("API server", host(apiCidr));
        List<Map<String, Object>> pods = spec.list("networkPolicy.egress.pods");
        for (int i = 0; i < pods.size(); i++) {
            Map<String, Object> p = pods.get(i);
            egressPods.add(new Peer("egress pod " + p.get("name"), orRelease(p.get("namespace")), labels(p.get("podLabels")), "10.244.3." + (10 + i)));
        }
        List<Map<String, Object>> extra = spec.appliedList("networkPolicy.extraIngress");
        for (int i = 0; i < extra.size(); i++) {
            Map<String, Object> e = extra.get(i);
            String cidr = (String) e.get("cidr");
            extraSources.add(cidr.isEmpty()
                    ? new Peer("extra source " + i, orRelease(e.get("namespace")),
                            labels(e.get("podLabels")).isEmpty() ? Map.of("app", "any") : labels(e.get("podLabels")), "10.244.4." + (10 + i))
                    : Peer.address("extra source " + cidr, host(cidr)));
        }
        for (Map<String, Object> port : spec.<Map<String, Object>>appliedList("service.extraPorts")) {
            List<Peer> peers = new ArrayList<>();
            List<Map<String, Object>> sources = (List<Map<String, Object>>) port.get("sources");
            for (int i = 0; i < sources.size(); i++) {
                Map<String, Object> e = sources.get(i);
                String cidr = (String) e.get("cidr");
                peers.add(cidr.isEmpty()
                        ? new Peer("source " + i + " of port " + port.get("name"), orRelease(e.get("namespace")),
                                labels(e.get("podLabels")).isEmpty() ? Map.of("app", "any") : labels(e.get("podLabels")),
                                "10.244.7." + (10 + 20 * portSources.size() + i))
                        : Peer.address("source " + cidr + " of port " + port.get("name"), host(cidr)));
            }
            portSources.add(peers);
        }
        if (spec.applies("service.sourceRanges")) {
            for (String range : spec.<String>list("service.sourceRanges")) {
                outsideClients.add(Peer.address("outside client in " + range, host(range)));
            }
        }
        outsideClients.add(Peer.address("outside client", "8.8.4.4"));
        for (Map<String, Object> c : spec.<Map<String, Object>>list("networkPolicy.egress.cidrs")) {
            egressCidrHosts.add(Peer.address("egress range " + c.get("cidr"), host((String) c.get("cidr"))));
            for (Object except : (List<?>) c.get("except")) {
                egressExceptHosts.add(Peer.address("excepted range " + except, host((String) except)));
            }
        }
        buildFlows();
    }

    public List<Flow> flows() {
        return flows;
    }

    /** The release's application pods. */
    public Peer app() {
        return app;
    }

    private void buildFlows() {
        int port = (int) spec.integer("containerPort");
        List<Peer> sources = new ArrayList<>(List.of(neighbour, stranger, controller, prometheus, postgresql, KUBE_DNS, PUBLIC, PRIVATE));
        if (serving) {
            sources.add(0, test);
        }
        sources.addAll(extraSources);
        sources.addAll(outsideClients);
        for (Peer s : sources) {
            flows.add(new Flow(s, app, port, "http", "TCP"));
        }
        if (spec.enabled("metrics.enabled") && spec.integer("metrics.port") > 0) {
            for (Peer s : List.of(prometheus, test, neighbour, controller)) {
                flows.add(new Flow(s, app, (int) spec.integer("metrics.port"), "metrics", "TCP"));
            }
        }
        List<Map<String, Object>> ports = spec.<Map<String, Object>>appliedList("service.extraPorts");
        for (int i = 0; i < ports.size(); i++) {
            Map<String, Object> p = ports.get(i);
            List<Peer> from = new ArrayList<>(sources);
            from.addAll(portSources.get(i));
            for (Peer s : from) {
                flows.add(new Flow(s, app, ((Long) p.get("port")).intValue(), (String) p.get("name"), (String) p.get("protocol")));
            }
        }
        for (Peer dns : List.of(KUBE_DNS, OPENSHIFT_DNS)) {
            for (int dnsPort : List.of(53, 5353)) {
                flows.add(new Flow(app, dns, dnsPort, "", "UDP"));
                flows.add(new Flow(app, dns, dnsPort, "", "TCP"));
            }
        }
        flows.add(new Flow(app, postgresql, 5432, "", "TCP"));
        flows.add(new Flow(app, redis, 6379, "", "TCP"));
        List<Map<String, Object>> pods = spec.list("networkPolicy.egress.pods");
        for (int i = 0; i < pods.size(); i++) {
            flows.add(new Flow(app, egressPods.get(i), ((Long) pods.get(i).get("port")).intValue(), "", (String) pods.get(i).get("protocol")));
            flows.add(new Flow(app, egressPods.get(i), 1, "", "TCP"));
        }
        int apiPort = (int) (spec.applies("networkPolicy.egress.apiServer.port") ? spec.integer("networkPolicy.egress.apiServer.port") : 443);
        flows.add(new Flow(app, apiServer, apiPort, "", "TCP"));
        flows.add(new Flow(app, PRIVATE, 443, "", "TCP"));
        flows.add(new Flow(app, METADATA, 80, "", "TCP"));
        flows.add(new Flow(app, METADATA, 443, "", "TCP"));
        flows.add(new Flow(app, PUBLIC, 443, "", "TCP"));
        flows.add(new Flow(app, PUBLIC, 80, "", "TCP"));
        flows.add(new Flow(app, neighbour, 8080, "", "TCP"));
        flows.add(new Flow(app, stranger, 8080, "", "TCP"));
        List<Map<String, Object>> cidrs = spec.list("networkPolicy.egress.cidrs");
        int except = 0;
        for (int i = 0; i < cidrs.size(); i++) {
            Map<String, Object> c = cidrs.get(i);
            int p = ((Long) c.get("port")).intValue();
            String protocol = (String) c.get("protocol");
            flows.add(new Flow(app, egressCidrHosts.get(i), p, "", protocol));
            for (int j = 0; j < ((List<?>) c.get("except")).size(); j++) {
                flows.add(new Flow(app, egressExceptHosts.get(except++), p, "", protocol));
            }
        }
        if (serving) {
            flows.add(new Flow(test, app, port, "http", "TCP"));
            flows.add(new Flow(test, KUBE_DNS, 53, "", "UDP"));
            flows.add(new Flow(test, OPENSHIFT_DNS, 5353, "", "UDP"));
            flows.add(new Flow(test, PUBLIC, 443, "", "TCP"));
            flows.add(new Flow(test, neighbour, 8080, "", "TCP"));
            flows.add(new Flow(neighbour, test, 8080, "", "TCP"));
        }
        flows.add(new Flow(neighbour, PUBLIC, 443, "", "TCP"));
        flows.add(new Flow(neighbour, KUBE_DNS, 53, "", "UDP"));
        flows.add(new Flow(stranger, neighbour, 8080, "", "TCP"));
    }

    /** Whether the answers ask for {@code f} to be allowed: the sender may send it and the receiver may take it. */
    public boolean expected(Flow f) {
        return !policies || egressAllowed(f) && ingressAllowed(f);
    }

    private boolean egressAllowed(Flow f) {
        Peer src = f.from();
        if (src == app) {
            return appEgress(f);
        }
        if (src == test) {
            return f.to() == app && f.port() == spec.integer("containerPort") && f.protocol().equals("TCP") || isDns(f);
        }
        return !inNamespaceDeny(src);
    }

    private boolean ingressAllowed(Flow f) {
        Peer dst = f.to();
        if (dst == app) {
            return appIngress(f);
        }
        if (dst == test) {
            return false;
        }
        return !inNamespaceDeny(dst);
    }

    /** A pod of the release namespace that is not the release's, under a namespace-wide default deny. */
    private boolean inNamespaceDeny(Peer p) {
        return p.isPod() && namespace.equals(p.namespace()) && "namespace".equals(spec.text("networkPolicy.defaultDeny"));
    }

    /** The ingress controller's namespace: the catalog's preset as declared, or the custom answer. */
    public static String controllerNamespace(ChartSpec spec) {
        return (String) controllerAnswerOrPreset(spec, "namespace");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, String> controllerLabels(ChartSpec spec) {
        return (Map<String, String>) controllerAnswerOrPreset(spec, "podLabels");
    }

    @SuppressWarnings("unchecked")
    private static Object controllerAnswerOrPreset(ChartSpec spec, String field) {
        String preset = spec.text("networkPolicy.ingressController.preset");
        if ("custom".equals(preset)) {
            return spec.values().get("networkPolicy.ingressController." + field);
        }
        var option = dev.chartsec.option.OptionCatalog.standard().get("networkPolicy.ingressController.preset");
        return ((Map<String, Object>) option.presets().get(preset)).get(field);
    }

    private boolean appIngress(Flow f) {
        if (!serving) {
            return false;
        }
        Peer src = f.from();
        boolean metrics = spec.enabled("metrics.enabled");
        int metricsPort = metrics ? (int) spec.integer("metrics.port") : 0;
        if (metrics && src.isPod() && src.namespace().equals(spec.text("metrics.prometheus.namespace"))
                && src.podLabels().entrySet().containsAll(spec.map("metrics.prometheus.podLabels").entrySet())
                && f.port() == (metricsPort > 0 ? metricsPort : spec.integer("containerPort"))) {
            return true;
        }
        if (metricsPort > 0 && f.port() == metricsPort) {
            return false; // the metrics port is Prometheus's alone
        }
        List<Map<String, Object>> ports = spec.<Map<String, Object>>appliedList("service.extraPorts");
        for (int i = 0; i < ports.size(); i++) {
            Map<String, Object> p = ports.get(i);
            if (f.port() == ((Long) p.get("port")).intValue() && f.protocol().equals(p.get("protocol"))) {
                if (((List<?>) p.get("sources")).isEmpty()) {
                    break; // the application port's sources, as below (the test pod reaches only the application port)
                }
                return matchesSource((List<Map<String, Object>>) p.get("sources"), src);
            }
        }
        if (src == test) {
            return f.port() == spec.integer("containerPort");
        }
        if (src.isPod() && spec.enabled("networkPolicy.ingressController.enabled")
                && src.namespace().equals(controllerNamespace(spec))
                && src.podLabels().entrySet().containsAll(controllerLabels(spec).entrySet())) {
            return true;
        }
        if (src.isPod() && namespace.equals(src.namespace()) && spec.enabled("networkPolicy.sameNamespace")) {
            return true;
        }
        if (matchesSource(spec.appliedList("networkPolicy.extraIngress"), src)) {
            return true;
        }
        return spec.applies("service.type") && !"ClusterIP".equals(spec.text("service.type"))
                && spec.<String>list("service.sourceRanges").stream().anyMatch(r -> contains(r, src.ip()));
    }

    /** Whether a peer is one of these NetworkPolicy sources: pods by namespace and labels, or a CIDR. */
    private boolean matchesSource(List<Map<String, Object>> sources, Peer src) {
        for (Map<String, Object> e : sources) {
            String cidr = (String) e.get("cidr");
            if (cidr.isEmpty() ? src.isPod() && src.namespace().equals(orRelease(e.get("namespace")))
                    && src.podLabels().entrySet().containsAll(labels(e.get("podLabels")).entrySet())
                    : contains(cidr, src.ip())) {
                return true;
            }
        }
        return false;
    }

    private boolean appEgress(Flow f) {
        Peer dst = f.to();
        if (isDns(f)) {
            return true;
        }
        if (dst.isPod()) {
            for (Map.Entry<String, Peer> db : Map.of("postgresql", postgresql, "redis", redis).entrySet()) {
                if (spec.flag("networkPolicy.egress." + db.getKey() + ".enabled") && dst.namespace().equals(namespace)
                        && dst.podLabels().entrySet().containsAll(db.getValue().podLabels().entrySet())
                        && f.port() == (db.getKey().equals("redis") ? 6379 : 5432) && f.protocol().equals("TCP")) {
                    return true;
                }
            }
            for (Map<String, Object> p : spec.<Map<String, Object>>list("networkPolicy.egress.pods")) {
                if (dst.namespace().equals(orRelease(p.get("namespace"))) && dst.podLabels().entrySet().containsAll(labels(p.get("podLabels")).entrySet())
                        && f.port() == ((Long) p.get("port")).intValue() && f.protocol().equals(p.get("protocol"))) {
                    return true;
                }
            }
        }
        if (spec.flag("networkPolicy.egress.externalHttps.enabled") && f.port() == 443 && f.protocol().equals("TCP")
                && NOT_INTERNET.stream().noneMatch(r -> contains(r, dst.ip()))) {
            return true;
        }
        for (Map<String, Object> c : spec.<Map<String, Object>>list("networkPolicy.egress.cidrs")) {
            if (contains((String) c.get("cidr"), dst.ip()) && ((List<?>) c.get("except")).stream().noneMatch(x -> contains((String) x, dst.ip()))
                    && f.port() == ((Long) c.get("port")).intValue() && f.protocol().equals(c.get("protocol"))) {
                return true;
            }
        }
        return spec.flag("apiAccess.enabled") && contains(spec.text("networkPolicy.egress.apiServer.cidr"), dst.ip())
                && f.port() == spec.integer("networkPolicy.egress.apiServer.port") && f.protocol().equals("TCP");
    }

    /** DNS of the platform the answers name: OpenShift's operator-managed pods on 5353, else kube-dns on 53. */
    private boolean isDns(Flow f) {
        Peer dns = spec.flag("securityContext.openshift") ? OPENSHIFT_DNS : KUBE_DNS;
        int port = spec.flag("securityContext.openshift") ? 5353 : 53;
        return f.to().isPod() && f.to().namespace().equals(dns.namespace())
                && f.to().podLabels().entrySet().containsAll(dns.podLabels().entrySet()) && f.port() == port;
    }

    private String orRelease(Object ns) {
        return ns == null || ((String) ns).isEmpty() ? namespace : (String) ns;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(Object o) {
        return o == null ? Map.of() : new LinkedHashMap<>((Map<String, String>) o);
    }

    /** The first host address of a range (the address itself for a single-address range). */
    static String host(String cidr) {
        String[] parts = cidr.split("/");
        byte[] a = address(parts[0]);
        int bits = Integer.parseInt(parts[1]);
        BigInteger n = new BigInteger(1, a);
        if (bits < a.length * 8 - 1) {
            n = n.add(BigInteger.ONE);
        }
        byte[] raw = n.toByteArray();
        byte[] out = new byte[a.length];
        System.arraycopy(raw, Math.max(0, raw.length - a.length), out, Math.max(0, a.length - raw.length), Math.min(raw.length, a.length));
        try {
            return InetAddress.getByAddress(out).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }

    static boolean contains(String cidr, String ip) {
        String[] parts = cidr.split("/");
        byte[] net = address(parts[0]);
        byte[] a = address(ip);
        if (net.length != a.length) {
            return false;
        }
        int shift = net.length * 8 - Integer.parseInt(parts[1]);
        return new BigInteger(1, net).shiftRight(shift).equals(new BigInteger(1, a).shiftRight(shift));
    }

    private static byte[] address(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
