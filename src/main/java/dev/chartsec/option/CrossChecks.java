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
    /** envName: what a variable name may be, the catalog's rule for workload.env's keys. */
    static void check(Map<String, Object> v, Set<String> applying, java.util.regex.Pattern envName, List<Violation> out) {
        String liveness = (String) v.get("probes.liveness.path");
        if (liveness.equals(v.get("probes.readiness.path"))) {
            out.add(new Violation("probes.readiness.path", liveness, "is the same as probes.liveness.path",
                    "a path different from the liveness path (identical probes make a slow pod restart instead of waiting)"));
        }
        if ("custom".equals(v.get("resources.preset"))) {
            for (String resource : List.of("cpu", "memory", "ephemeralStorage")) {
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
        long grace = (Long) v.get("workload.terminationGracePeriodSeconds");
        if ((Long) v.get("workload.preStopSleepSeconds") >= grace) {
            out.add(new Violation("workload.preStopSleepSeconds", v.get("workload.preStopSleepSeconds"),
                    "is not shorter than the grace period of " + grace + " s", "fewer seconds than workload.terminationGracePeriodSeconds"));
        }
        if (applying.contains("workload.maxSurge") && v.get("workload.maxSurge").toString().matches("0%?")
                && v.get("workload.maxUnavailable").toString().matches("0%?")) {
            out.add(new Violation("workload.maxUnavailable", v.get("workload.maxUnavailable"), "is 0 like workload.maxSurge, so no rollout could start",
                    "a maxSurge or maxUnavailable above 0"));
        }
        if (applying.contains("metrics.port") && v.get("metrics.port").equals(v.get("workload.containerPort"))) {
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
        List<Map<String, Object>> dirs = (List<Map<String, Object>>) v.get("workload.writableDirs");
        for (int i = 0; i < dirs.size(); i++) {
            String path = (String) dirs.get(i).get("path");
            if (!paths.add(path)) {
                out.add(new Violation("workload.writableDirs[" + i + "].path", path,
                        "is already mounted (/tmp is always writable; the secrets directory is read-only)",
                        "each directory once"));
            }
        }
        unique("secrets.keys", (List<String>) v.get("secrets.keys"), out);
        unique("image.pullSecrets", (List<String>) v.get("image.pullSecrets"), out);
        List<Map<String, Object>> egress = (List<Map<String, Object>>) v.get("networkPolicy.egress.pods");
        unique("networkPolicy.egress.pods", egress.stream().map(p -> (String) p.get("name")).toList(), out);
        Set<String> plainEnv = new HashSet<>(((Map<String, String>) v.get("workload.env")).keySet());
        for (String name : ((Map<String, String>) v.get("workload.podInfoEnv")).keySet()) {
            if (!plainEnv.add(name)) {
                out.add(new Violation("workload.podInfoEnv", name, "is also in workload.env", "each variable once"));
            }
        }
        if ("env".equals(v.get("config.mountAs"))) {
            Set<String> envNames = new HashSet<>(plainEnv);
            for (String key : config.keySet()) {
                if (!envName.matcher(key).matches()) {
                    out.add(new Violation("config.data", key, "cannot be an environment variable name",
                            "with config.mountAs env, keys that are variable names (letters, digits, '_'), or config.mountAs file"));
                } else if (!envNames.add(key)) {
                    out.add(new Violation("config.data", key, "is also in workload.env or workload.podInfoEnv", "each variable once"));
                }
            }
        }
        if (applying.contains("secrets.keys") && "env".equals(v.get("secrets.mountAs"))) {
            Set<String> envNames = new HashSet<>(plainEnv);
            for (String key : (List<String>) v.get("secrets.keys")) {
                String name = SecretEnvName.of(key);
                if (!envNames.add(name)) {
                    out.add(new Violation("secrets.keys", key, "becomes the environment variable " + name
                            + ", which is already taken", "keys whose variable names differ from workload.env and each other"));
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
}
