package dev.chartsec.generate;

import java.util.List;
import java.util.Map;

import dev.chartsec.option.ChartSpec;
import dev.chartsec.rules.ClusterDns;
import dev.chartsec.rules.SecurityRules;

/** A Mermaid flowchart of the traffic the NetworkPolicies allow, for the chart's README. */
final class TrafficDiagram {
    private TrafficDiagram() {
    }

    /** controller: the namespace and podLabels of the ingress controller's pods (ChartModel.ingressController). */
    static String mermaid(ChartSpec s, Map<String, Object> controller) {
        StringBuilder m = new StringBuilder("flowchart LR\n");
        boolean serving = ChartModel.serving(s);
        String app = "app[\"" + s.text("chart.name") + " pods " + (serving ? ":" + s.integer("containerPort") : "(" + s.text("kind") + ")") + "\"]";
        m.append("  ").append(app).append('\n');
        if (!s.flag("networkPolicy.enabled")) {
            m.append("  any[\"any pod or address\"] <-->|NetworkPolicies off: all traffic| app\n");
            return m.toString();
        }
        if (s.enabled("networkPolicy.ingressController.enabled")) {
            m.append("  ingress[\"ingress controller<br/>ns ").append(label((String) controller.get("namespace")))
                    .append("<br/>").append(labels(castMap(controller.get("podLabels")))).append("\"] --> app\n");
        }
        if (s.enabled("metrics.enabled")) {
            long port = s.integer("metrics.port") > 0 ? s.integer("metrics.port") : s.integer("containerPort");
            m.append("  prometheus[\"Prometheus<br/>ns ").append(label(s.text("metrics.prometheus.namespace"))).append("<br/>")
                    .append(labels(s.map("metrics.prometheus.podLabels"))).append("\"] -->|metrics :").append(port).append("| app\n");
        }
        if (s.enabled("networkPolicy.sameNamespace")) {
            m.append("  same[\"every pod of the release namespace\"] --> app\n");
        }
        List<Map<String, Object>> extra = s.appliedList("networkPolicy.extraIngress");
        for (int i = 0; i < extra.size(); i++) {
            m.append("  src").append(i).append("[\"").append(label(source(extra.get(i)))).append("\"] --> app\n");
        }
        if (ChartModel.outsideClients(s)) {
            m.append("  clients[\"outside clients<br/>").append(label(String.join(", ", s.<String>list("service.sourceRanges"))))
                    .append("\"] -->|").append(s.text("service.type")).append("| app\n");
        }
        List<Map<String, Object>> ports = s.appliedList("service.extraPorts");
        for (int i = 0; i < ports.size(); i++) {
            List<Map<String, Object>> sources = castList(ports.get(i).get("sources"));
            for (int j = 0; j < sources.size(); j++) {
                m.append("  p").append(i).append('s').append(j).append("[\"").append(label(source(sources.get(j)))).append("\"] -->|")
                        .append(ports.get(i).get("name")).append(" :").append(ports.get(i).get("port")).append("| app\n");
            }
        }
        if (serving) {
            m.append("  test[\"helm test pod\"] --> app\n");
        }
        ClusterDns dns = ClusterDns.of(s.flag("securityContext.openshift"));
        m.append("  app -->|").append(dns.port()).append(" UDP/TCP| dns[\"cluster DNS<br/>ns ").append(dns.namespace()).append("\"]\n");
        if (s.flag("networkPolicy.egress.postgresql.enabled")) {
            m.append("  app -->|5432| pg[\"PostgreSQL\"]\n");
        }
        if (s.flag("networkPolicy.egress.redis.enabled")) {
            m.append("  app -->|6379| redis[\"Redis\"]\n");
        }
        List<Map<String, Object>> pods = s.list("networkPolicy.egress.pods");
        for (int i = 0; i < pods.size(); i++) {
            Map<String, Object> p = pods.get(i);
            m.append("  app -->|").append(p.get("port")).append(' ').append(p.get("protocol")).append("| dst").append(i)
                    .append("[\"").append(label((String) p.get("name"))).append(" in ns ")
                    .append(label(orRelease((String) p.get("namespace")))).append("\"]\n");
        }
        if (s.flag("networkPolicy.egress.externalHttps.enabled")) {
            m.append("  app -->|443| internet[\"internet, except ").append(SecurityRules.internetExceptText()).append("\"]\n");
        }
        if (s.flag("apiAccess.enabled")) {
            m.append("  app -->|").append(s.integer("networkPolicy.egress.apiServer.port")).append("| api[\"Kubernetes API server<br/>")
                    .append(label(s.text("networkPolicy.egress.apiServer.cidr"))).append("\"]\n");
        }
        List<Map<String, Object>> cidrs = s.list("networkPolicy.egress.cidrs");
        for (int i = 0; i < cidrs.size(); i++) {
            Map<String, Object> c = cidrs.get(i);
            m.append("  app -->|").append(c.get("port")).append(' ').append(c.get("protocol")).append("| cidr").append(i)
                    .append("[\"").append(label((String) c.get("cidr"))).append("\"]\n");
        }
        return m.toString();
    }

    private static String orRelease(String namespace) {
        return namespace.isEmpty() ? "of the release" : namespace;
    }

    private static String labels(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder();
        labels.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return label(sb.toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> castMap(Object o) {
        return (Map<String, String>) o;
    }

    /** Every value here passed a label, name or CIDR pattern; this keeps Mermaid's own syntax out regardless. */
    private static String label(String s) {
        return s.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;").replace("`", "");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> castList(Object o) {
        return (List<Map<String, Object>>) o;
    }

    /** A NetworkPolicy source in words: pods by labels in a namespace, or a CIDR. */
    private static String source(Map<String, Object> p) {
        return ((String) p.get("cidr")).isEmpty()
                ? "pods " + labels(castMap(p.get("podLabels"))) + " in ns " + orRelease((String) p.get("namespace"))
                : (String) p.get("cidr");
    }
}
