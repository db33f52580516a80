package dev.chartsec.option;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules between options, checked once every single value is valid. */
final class CrossChecks {
    private CrossChecks() {
    }

    @SuppressWarnings("unchecked")
    /** envName: what a variable name may be, the catalog's rule for env's keys. */
    static void check(Map<String, Object> v, Set<String> applying, java.util.regex.Pattern envName, List<Violation> out) {
        probes(v, applying, out);
        if ("custom".equals(v.get("resources.preset"))) {
            for (String resource : List.of("cpu", "memory", "ephemeral-storage")) {
                String request = (String) v.get("resources.requests." + resource);
                String limit = (String) v.get("resources.limits." + resource);
                if (Quantity.parse(request).compareTo(Quantity.parse(limit)) > 0) {
                    out.add(new Violation("resources.limits." + resource, limit,
                            "is below the request " + request, "a limit not below its request"));
                }
            }
        }
        if (applying.contains("service.nodePort") && (Long) v.get("service.nodePort") != 0 && (Long) v.get("service.nodePort") < 30000) {
            out.add(new Violation("service.nodePort", v.get("service.nodePort"), "is outside the node port range",
                    "a port from 30000 to 32767, or 0 to let Kubernetes choose"));
        }
        List<Map<String, Object>> affinity = (List<Map<String, Object>>) v.get("scheduling.nodeAffinity");
        for (int i = 0; i < affinity.size(); i++) {
            boolean takesValues = List.of("In", "NotIn").contains(affinity.get(i).get("operator"));
            if (takesValues == ((List<?>) affinity.get(i).get("values")).isEmpty()) {
                out.add(new Violation("scheduling.nodeAffinity[" + i + "].values", affinity.get(i).get("values"),
                        takesValues ? "is empty" : "is given to " + affinity.get(i).get("operator"),
                        "values with In and NotIn, none with Exists and DoesNotExist"));
            }
        }
        long grace = (Long) v.get("terminationGracePeriodSeconds");
        if ((Long) v.get("preStopSleepSeconds") >= grace) {
            out.add(new Violation("preStopSleepSeconds", v.get("preStopSleepSeconds"),
                    "is not shorter than the grace period of " + grace + " s", "fewer seconds than terminationGracePeriodSeconds"));
        }
        if (applying.contains("strategy.maxSurge") && v.get("strategy.maxSurge").toString().matches("0%?")
                && v.get("strategy.maxUnavailable").toString().matches("0%?")) {
            out.add(new Violation("strategy.maxUnavailable", v.get("strategy.maxUnavailable"), "is 0 like strategy.maxSurge, so no rollout could start",
                    "a maxSurge or maxUnavailable above 0"));
        }
        if (applying.contains("metrics.port") && v.get("metrics.port").equals(v.get("containerPort"))) {
            out.add(new Violation("metrics.port", v.get("metrics.port"), "is the application port",
                    "0 to serve metrics on the application port, or another port"));
        }
        if ((Long) v.get("autoscaling.minReplicas") > (Long) v.get("autoscaling.maxReplicas")) {
            out.add(new Violation("autoscaling.maxReplicas", v.get("autoscaling.maxReplicas"),
                    "is below autoscaling.minReplicas", "a maximum not below the minimum"));
        }
        Set<String> paths = new HashSet<>(Set.of("/tmp"));
        if (applying.contains("secrets.mountPath")) {
            paths.add((String) v.get("secrets.mountPath"));
        }
        Map<String, String> config = (Map<String, String>) v.get("config.data");
        if (!config.isEmpty() && "file".equals(v.get("config.mountAs")) && !paths.add((String) v.get("config.mountPath"))) {
            out.add(new Violation("config.mountPath", v.get("config.mountPath"), "is already mounted (the secrets directory or /tmp)",
                    "a directory of its own"));
        }
        if (applying.contains("persistence.mountPath") && !paths.add((String) v.get("persistence.mountPath"))) {
            out.add(new Violation("persistence.mountPath", v.get("persistence.mountPath"),
                    "is already mounted (the secrets or configuration directory, or /tmp)", "a directory of its own"));
        }
        List<Map<String, Object>> volumes = (List<Map<String, Object>>) v.get("extraVolumes");
        Set<String> volumeNames = new HashSet<>();
        for (int i = 0; i < volumes.size(); i++) {
            Map<String, Object> x = volumes.get(i);
            String at = "extraVolumes[" + i + "]";
            if (!paths.add((String) x.get("mountPath"))) {
                out.add(new Violation(at + ".mountPath", x.get("mountPath"), "is already mounted", "a directory of its own"));
            }
            if (!volumeNames.add((String) x.get("name"))) {
                out.add(new Violation(at + ".name", x.get("name"), "names another volume too", "a name of its own"));
            }
            if ("emptyDir".equals(x.get("type")) == !((String) x.get("source")).isEmpty()) {
                out.add(new Violation(at + ".source", x.get("source"), "emptyDir".equals(x.get("type")) ? "is given to an emptyDir" : "is empty",
                        "the name of the " + x.get("type") + " to mount, or nothing for an emptyDir"));
            }
        }
        persistence(v, applying, out);
        extraContainers(v, out);
        List<Map<String, Object>> dirs = (List<Map<String, Object>>) v.get("writableDirs");
        for (int i = 0; i < dirs.size(); i++) {
            String path = (String) dirs.get(i).get("path");
            if (!paths.add(path)) {
                out.add(new Violation("writableDirs[" + i + "].path", path,
                        "is already mounted (/tmp is always writable; the secrets directory is read-only)",
                        "each directory once"));
            }
        }
        unique("secrets.keys", (List<String>) v.get("secrets.keys"), out);
        unique("imagePullSecrets", (List<String>) v.get("imagePullSecrets"), out);
        List<Map<String, Object>> egress = (List<Map<String, Object>>) v.get("networkPolicy.egress.pods");
        unique("networkPolicy.egress.pods", egress.stream().map(p -> (String) p.get("name")).toList(), out);
        Set<String> plainEnv = new HashSet<>(((Map<String, String>) v.get("env")).keySet());
        for (String name : ((Map<String, String>) v.get("podInfoEnv")).keySet()) {
            if (!plainEnv.add(name)) {
                out.add(new Violation("podInfoEnv", name, "is also in env", "each variable once"));
            }
        }
        for (String name : ((Map<String, String>) v.get("configMapEnv")).keySet()) {
            if (!plainEnv.add(name)) {
                out.add(new Violation("configMapEnv", name, "is also in env or podInfoEnv", "each variable once"));
            }
        }
        if ("env".equals(v.get("config.mountAs"))) {
            Set<String> envNames = new HashSet<>(plainEnv);
            for (String key : config.keySet()) {
                if (!envName.matcher(key).matches()) {
                    out.add(new Violation("config.data", key, "cannot be an environment variable name",
                            "with config.mountAs env, keys that are variable names (letters, digits, '_'), or config.mountAs file"));
                } else if (!envNames.add(key)) {
                    out.add(new Violation("config.data", key, "is also in env or podInfoEnv", "each variable once"));
                }
            }
        }
        if (applying.contains("secrets.keys") && "env".equals(v.get("secrets.mountAs"))) {
            Set<String> envNames = new HashSet<>(plainEnv);
            for (String key : (List<String>) v.get("secrets.keys")) {
                String name = SecretEnvName.of(key);
                if (!envNames.add(name)) {
                    out.add(new Violation("secrets.keys", key, "becomes the environment variable " + name
                            + ", which is already taken", "keys whose variable names differ from env and each other"));
                }
            }
        }
    }

    private static void unique(String id, List<String> values, List<Violation> out) {
        Set<String> seen = new HashSet<>();
        for (String s : values) {
            if (!seen.add(s)) {
                out.add(new Violation(id, s, "is listed twice", "each value once"));
            }
        }
    }

    /** The field of each probe type that says what it checks; tcp checks only the port. */
    private static final Map<String, String> PROBE_TARGET = Map.of("http", "path", "grpc", "grpcService", "exec", "command");

    /**
     * An exec probe needs a command, a probe's port must be one the application container declares, and
     * liveness and readiness, when both are on, must not check the same thing.
     */
    @SuppressWarnings("unchecked")
    private static void probes(Map<String, Object> v, Set<String> applying, List<Violation> out) {
        Set<String> ports = new HashSet<>(Set.of("http"));
        boolean metricsOnSidecar = ((List<Map<String, Object>>) v.get("sidecars")).stream().anyMatch(c -> c.get("port").equals(v.get("metrics.port")));
        if (Boolean.TRUE.equals(v.get("metrics.enabled")) && (Long) v.get("metrics.port") != 0 && !metricsOnSidecar) {
            ports.add("metrics");
        }
        ((List<Map<String, Object>>) v.get("service.extraPorts")).stream().filter(p -> "TCP".equals(p.get("protocol")))
                .forEach(p -> ports.add((String) p.get("name")));
        for (String probe : List.of("liveness", "readiness", "startup")) {
            String at = "probes." + probe + ".";
            if (Boolean.TRUE.equals(v.get(at + "enabled")) && "exec".equals(v.get(at + "type"))
                    && ((List<?>) v.get(at + "command")).isEmpty()) {
                out.add(new Violation(at + "command", List.of(), "is empty", "the command an exec probe runs, such as [/app/healthcheck]"));
            }
            if (applying.contains(at + "port") && !ports.contains(v.get(at + "port"))) {
                out.add(new Violation(at + "port", v.get(at + "port"), "is not a port of the application container",
                        "one of " + String.join(", ", new java.util.TreeSet<>(ports))));
            }
        }
        if (!Boolean.TRUE.equals(v.get("probes.liveness.enabled")) || !Boolean.TRUE.equals(v.get("probes.readiness.enabled"))) {
            return;
        }
        Object type = v.get("probes.liveness.type");
        if (!type.equals(v.get("probes.readiness.type"))
                || !"exec".equals(type) && !v.get("probes.liveness.port").equals(v.get("probes.readiness.port"))) {
            return;
        }
        String field = PROBE_TARGET.get(type);
        if (field == null) {
            out.add(new Violation("probes.readiness.type", type, "is tcp like probes.liveness.type, so both probes check the same port",
                    "another readiness type or port (or liveness off): identical probes make a slow pod restart instead of waiting"));
        } else if (v.get("probes.liveness." + field).equals(v.get("probes.readiness." + field))) {
            out.add(new Violation("probes.readiness." + field, v.get("probes.readiness." + field), "is the same as probes.liveness." + field,
                    "a " + field + " different from the liveness probe's (identical probes make a slow pod restart instead of waiting)"));
        }
    }

    /** A claim only one node or pod may mount cannot serve a Deployment's replicas, nor a rollout that starts the new pod first. */
    private static void persistence(Map<String, Object> v, Set<String> applying, List<Violation> out) {
        // a StatefulSet gives each replica a claim of its own, and replaces a pod only after the old one stopped
        if (!applying.contains("persistence.accessMode") || "ReadWriteMany".equals(v.get("persistence.accessMode"))
                || !"Deployment".equals(v.get("kind"))) {
            return;
        }
        Object mode = v.get("persistence.accessMode");
        if (Boolean.TRUE.equals(v.get("autoscaling.enabled")) || (Long) v.get("replicaCount") > 1) {
            out.add(new Violation("persistence.accessMode", mode, "cannot be mounted by the Deployment's "
                    + (Boolean.TRUE.equals(v.get("autoscaling.enabled")) ? "autoscaled replicas" : v.get("replicaCount") + " replicas"),
                    "ReadWriteMany, one replica without autoscaling, or kind StatefulSet (a claim per replica)"));
        }
        if ("ReadWriteOncePod".equals(mode) && "RollingUpdate".equals(v.get("strategy.type"))) {
            out.add(new Violation("strategy.type", "RollingUpdate", "would start the new pod while the old one holds the ReadWriteOncePod claim",
                    "Recreate, with a ReadWriteOncePod claim"));
        }
    }

    /** Container names are unique in a pod; only a sidecar listens, and not on a port another container has. */
    @SuppressWarnings("unchecked")
    private static void extraContainers(Map<String, Object> v, List<Violation> out) {
        Set<String> names = new HashSet<>();
        Set<Object> ports = new HashSet<>(Set.of(v.get("containerPort")));
        for (String list : List.of("sidecars", "initContainers")) {
            List<Map<String, Object>> containers = (List<Map<String, Object>>) v.get(list);
            for (int i = 0; i < containers.size(); i++) {
                Map<String, Object> c = containers.get(i);
                String at = list + "[" + i + "]";
                if (!names.add((String) c.get("name"))) {
                    out.add(new Violation(at + ".name", c.get("name"), "names another container too", "a name of its own"));
                }
                long port = (Long) c.get("port");
                if (port != 0 && list.equals("initContainers")) {
                    out.add(new Violation(at + ".port", port, "is given to an init container, which runs to completion",
                            "0; a container that listens is a sidecar (sidecars)"));
                } else if (port != 0 && !ports.add(port)) {
                    out.add(new Violation(at + ".port", port, "is the application's port or another sidecar's", "a port of its own"));
                }
            }
        }
        if (Boolean.TRUE.equals(v.get("metrics.enabled")) && (Long) v.get("metrics.port") != 0) {
            ports.add(v.get("metrics.port")); // a sidecar may serve it; an extra port may not
        }
        Set<String> portNames = new HashSet<>();
        List<Map<String, Object>> extra = (List<Map<String, Object>>) v.get("service.extraPorts");
        for (int i = 0; i < extra.size(); i++) {
            Map<String, Object> p = extra.get(i);
            if (!portNames.add((String) p.get("name"))) {
                out.add(new Violation("service.extraPorts[" + i + "].name", p.get("name"), "names another port too", "a name of its own"));
            }
            if (!ports.add(p.get("port"))) {
                out.add(new Violation("service.extraPorts[" + i + "].port", p.get("port"),
                        "is the application's, the metrics or a sidecar's port, or another extra port's", "a port of its own"));
            }
        }
    }
}
