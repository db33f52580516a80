package dev.chartsec.audit.pss;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a pod's metadata and spec (parsed by {@link dev.chartsec.audit.KubeYaml}, so already JSON values)
 * into a {@link PodView} with the rules of the API server's JSON decoding into its Go types: field names are
 * case-sensitive and unknown ones ignored; a bool is only true or false, an integer only a JSON number with
 * no fraction that fits the field, a string only a string; null leaves a field unset. Anything else makes the
 * object invalid, as the API server refuses it before admission.
 *
 * <p>The API server also fills in defaults before admission sees the pod, and two of them change what the
 * standard reads (Kubernetes pkg/apis/core/v1/defaults.go): a volume that names no source becomes an
 * emptyDir ({@code SetDefaults_Volume}, in pod templates too), and in a bare Pod on the host network a
 * container port without a hostPort gets the container port as its hostPort ({@code SetDefaults_Pod}).
 */
public final class PodViewReader {
    /** The API's volume sources, in the order of its Volume type. */
    public static final List<String> VOLUME_SOURCES = List.of("hostPath", "emptyDir", "gcePersistentDisk",
            "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd",
            "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
            "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO",
            "storageos", "csi", "ephemeral", "image");
    private static final List<String> CONTAINER_KINDS = List.of("initContainers", "containers", "ephemeralContainers");
    private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");
    private static final List<String> HOOKS = List.of("postStart", "preStop");
    private static final List<String> HANDLERS = List.of("httpGet", "tcpSocket");

    private PodViewReader() {
    }

    /**
     * @param metadataPath the path of the pod's metadata ({@code metadata}, {@code spec.template.metadata})
     * @param specPath     the path of the pod's spec
     */
    public static PodView read(Object metadata, String metadataPath, Object spec, String specPath, boolean barePod) {
        Map<String, Object> meta = object(metadata, metadataPath);
        String annotationsPath = metadataPath + ".annotations";
        Map<String, String> annotations = new LinkedHashMap<>();
        object(meta.get("annotations"), annotationsPath).forEach((k, v) -> {
            String value = string(v, annotationsPath + "['" + k + "']");
            annotations.put(k, value == null ? "" : value);
        });
        Map<String, Object> s = object(spec, specPath);
        List<PodView.Volume> volumes = new ArrayList<>();
        List<Object> volumeList = list(s.get("volumes"), specPath + ".volumes");
        for (int i = 0; i < volumeList.size(); i++) {
            String at = specPath + ".volumes[" + i + "]";
            Map<String, Object> v = object(volumeList.get(i), at);
            List<String> sources = new ArrayList<>();
            for (String source : VOLUME_SOURCES) {
                Object body = v.get(source);
                object(body, at + "." + source); // a source must be an object; null leaves it unset
                if (body != null) {
                    sources.add(source);
                }
            }
            if (sources.isEmpty()) {
                sources.add("emptyDir"); // SetDefaults_Volume
            }
            volumes.add(new PodView.Volume(stringOr(v.get("name"), at + ".name"), at, List.copyOf(sources)));
        }
        boolean hostNetwork = bool(s.get("hostNetwork"), specPath + ".hostNetwork");
        List<PodView.Container> containers = new ArrayList<>();
        for (String kind : CONTAINER_KINDS) {
            List<Object> items = list(s.get(kind), specPath + "." + kind);
            // SetDefaults_Pod: on the host network, containers' and init containers' ports are host ports
            boolean portsAreHostPorts = barePod && hostNetwork && !kind.equals("ephemeralContainers");
            for (int i = 0; i < items.size(); i++) {
                containers.add(container(items.get(i), specPath + "." + kind + "[" + i + "]", portsAreHostPorts));
            }
        }
        String scPath = specPath + ".securityContext";
        Map<String, Object> podSc = object(s.get("securityContext"), scPath);
        List<PodView.Sysctl> sysctls = new ArrayList<>();
        List<Object> sysctlList = list(podSc.get("sysctls"), scPath + ".sysctls");
        for (int i = 0; i < sysctlList.size(); i++) {
            String at = scPath + ".sysctls[" + i + "]";
            Map<String, Object> sysctl = object(sysctlList.get(i), at);
            string(sysctl.get("value"), at + ".value");
            sysctls.add(new PodView.Sysctl(stringOr(sysctl.get("name"), at + ".name"), at + ".name"));
        }
        Map<String, Object> os = object(s.get("os"), specPath + ".os");
        return new PodView(annotationsPath, Map.copyOf(annotations), specPath, hostNetwork,
                bool(s.get("hostPID"), specPath + ".hostPID"), bool(s.get("hostIPC"), specPath + ".hostIPC"),
                optionalBool(s.get("hostUsers"), specPath + ".hostUsers"), stringOr(os.get("name"), specPath + ".os.name"),
                s.get("securityContext") == null ? null : securityContext(podSc, scPath), List.copyOf(sysctls),
                List.copyOf(volumes), List.copyOf(containers));
    }

    private static PodView.Container container(Object item, String at, boolean portsAreHostPorts) {
        Map<String, Object> c = object(item, at);
        List<PodView.HostPort> hostPorts = new ArrayList<>();
        List<Object> ports = list(c.get("ports"), at + ".ports");
        for (int i = 0; i < ports.size(); i++) {
            String portAt = at + ".ports[" + i + "]";
            Map<String, Object> port = object(ports.get(i), portAt);
            int hostPort = (int) integer(port.get("hostPort"), portAt + ".hostPort", Integer.MIN_VALUE, Integer.MAX_VALUE, 0);
            int containerPort = (int) integer(port.get("containerPort"), portAt + ".containerPort", Integer.MIN_VALUE, Integer.MAX_VALUE, 0);
            if (hostPort == 0 && portsAreHostPorts) {
                hostPort = containerPort;
            }
            if (hostPort != 0) {
                hostPorts.add(new PodView.HostPort(hostPort, portAt + (port.get("hostPort") == null ? ".containerPort" : ".hostPort")));
            }
        }
        List<PodView.HandlerHost> hosts = new ArrayList<>();
        for (String probe : PROBES) {
            handlerHosts(object(c.get(probe), at + "." + probe), at + "." + probe, hosts);
        }
        Map<String, Object> lifecycle = object(c.get("lifecycle"), at + ".lifecycle");
        for (String hook : HOOKS) {
            handlerHosts(object(lifecycle.get(hook), at + ".lifecycle." + hook), at + ".lifecycle." + hook, hosts);
        }
        Object sc = c.get("securityContext");
        String scPath = at + ".securityContext";
        return new PodView.Container(stringOr(c.get("name"), at + ".name"), at,
                sc == null ? null : securityContext(object(sc, scPath), scPath), List.copyOf(hostPorts), List.copyOf(hosts));
    }

    private static void handlerHosts(Map<String, Object> handlerOwner, String at, List<PodView.HandlerHost> out) {
        for (String handler : HANDLERS) {
            String hostAt = at + "." + handler + ".host";
            String host = stringOr(object(handlerOwner.get(handler), at + "." + handler).get("host"), hostAt);
            if (!host.isEmpty()) {
                out.add(new PodView.HandlerHost(host, hostAt));
            }
        }
    }

    private static PodView.SecurityContext securityContext(Map<String, Object> sc, String at) {
        Map<String, Object> caps = object(sc.get("capabilities"), at + ".capabilities");
        Map<String, Object> windows = object(sc.get("windowsOptions"), at + ".windowsOptions");
        return new PodView.SecurityContext(optionalBool(sc.get("privileged"), at + ".privileged"),
                optionalBool(sc.get("allowPrivilegeEscalation"), at + ".allowPrivilegeEscalation"),
                sc.get("capabilities") == null ? null : new PodView.Capabilities(strings(caps.get("add"), at + ".capabilities.add"),
                        strings(caps.get("drop"), at + ".capabilities.drop")),
                string(sc.get("procMount"), at + ".procMount"),
                optionalBool(sc.get("runAsNonRoot"), at + ".runAsNonRoot"),
                sc.get("runAsUser") == null ? null
                        : integer(sc.get("runAsUser"), at + ".runAsUser", Long.MIN_VALUE, Long.MAX_VALUE, 0),
                profile(sc.get("seccompProfile"), at + ".seccompProfile"),
                profile(sc.get("appArmorProfile"), at + ".appArmorProfile"),
                seLinux(sc.get("seLinuxOptions"), at + ".seLinuxOptions"),
                optionalBool(windows.get("hostProcess"), at + ".windowsOptions.hostProcess"));
    }

    private static PodView.Profile profile(Object value, String at) {
        if (value == null) {
            return null;
        }
        Map<String, Object> p = object(value, at);
        string(p.get("localhostProfile"), at + ".localhostProfile");
        return new PodView.Profile(stringOr(p.get("type"), at + ".type"));
    }

    private static PodView.SeLinux seLinux(Object value, String at) {
        if (value == null) {
            return null;
        }
        Map<String, Object> o = object(value, at);
        string(o.get("level"), at + ".level");
        return new PodView.SeLinux(stringOr(o.get("user"), at + ".user"), stringOr(o.get("role"), at + ".role"),
                stringOr(o.get("type"), at + ".type"));
    }

    // Go's JSON decoding, one rule per target type.

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String at) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new InvalidObject(at, "must be an object, not " + describe(value));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String at) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new InvalidObject(at, "must be a list, not " + describe(value));
    }

    static boolean bool(Object value, String at) {
        return Boolean.TRUE.equals(optionalBool(value, at));
    }

    static Boolean optionalBool(Object value, String at) {
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        throw new InvalidObject(at, "must be true or false, not " + describe(value));
    }

    static String string(Object value, String at) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new InvalidObject(at, "must be a string, not " + describe(value));
    }

    static String stringOr(Object value, String at) {
        String s = string(value, at);
        return s == null ? "" : s;
    }

    static List<String> strings(Object value, String at) {
        List<Object> items = list(value, at);
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(stringOr(items.get(i), at + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    /**
     * A JSON number decoded into a Go integer field: a float is written by Go's JSON encoder as its shortest
     * decimal form, so an integral float below 1e21 reads as that integer (1e3 is 1000, 0.0 is 0) and
     * anything with a fraction or an exponent is refused; the value must fit the field.
     */
    static long integer(Object value, String at, long min, long max, long absent) {
        if (value == null) {
            return absent;
        }
        BigInteger n;
        if (value instanceof Long || value instanceof Integer) {
            n = BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger b) {
            n = b;
        } else if (value instanceof Double d && !d.isNaN() && !d.isInfinite() && d == Math.rint(d) && Math.abs(d) < 1e21) {
            n = new java.math.BigDecimal(d).toBigInteger();
        } else {
            throw new InvalidObject(at, "must be a whole number, not " + describe(value));
        }
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new InvalidObject(at, "is out of range (" + n + ")");
        }
        return n.longValue();
    }

    static String describe(Object value) {
        if (value instanceof String s) {
            return "the text '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        return "the number " + value;
    }
}
