package dev.chartsec.rules;

import java.util.Map;

/**
 * Where a platform's cluster DNS runs, as a NetworkPolicy must name it: its namespace, its pods' labels and
 * the port the pods listen on. Policies apply after the Service address is translated, so the rule needs the
 * pods' port, which on OpenShift is not the Service's 53.
 */
public record ClusterDns(String platform, String namespace, Map<String, String> podLabels, int port) {
    public static final ClusterDns KUBERNETES = new ClusterDns("Kubernetes (CoreDNS or kube-dns)", "kube-system",
            Map.of("k8s-app", "kube-dns"), 53);
    public static final ClusterDns OPENSHIFT = new ClusterDns("OpenShift (the DNS operator's daemon set)", "openshift-dns",
            Map.of("dns.operator.openshift.io/daemonset-dns", "default"), 5353);

    public static ClusterDns of(boolean openshift) {
        return openshift ? OPENSHIFT : KUBERNETES;
    }
}
