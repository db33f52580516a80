package dev.chartsec.audit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Pod Security Standards, baseline and restricted, at a policy version from v1.0 to the latest, as the
 * published standard and the upstream admission checks define them. Evaluates a pod's metadata and spec
 * (a bare Pod's, or a workload's pod template) and lists every check it fails.
 */
public final class PodSecurity {
    /** The newest policy version this checker knows; "latest" means this one. */
    public static final int LATEST_MINOR = 37;

    public enum Level { BASELINE, RESTRICTED }

    /** One failed check: the upstream check id and what was found where. */
    public record Failure(String check, String detail) {
    }

    private static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    private static final String APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
    private static final String SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
    private static final String SECCOMP_CONTAINER_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

    private PodSecurity() {
    }

    /** The safe sysctls at a policy version. */
    static Set<String> safeSysctls(int minor) {
        Set<String> safe = new LinkedHashSet<>(List.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
                "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"));
        if (minor >= 27) {
            safe.add("net.ipv4.ip_local_reserved_ports");
        }
        if (minor >= 29) {
            safe.addAll(List.of("net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
                    "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"));
        }
        if (minor >= 32) {
            safe.addAll(List.of("net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"));
        }
        return safe;
    }

    public static List<Failure> evaluate(Map<String, Object> metadata, Map<String, Object> spec, Level level, int minor) {
        Pod pod = new Pod(metadata == null ? Map.of() : metadata, spec == null ? Map.of() : spec);
        List<Failure> out = new ArrayList<>();
        baseline(pod, minor, out);
        if (level == Level.RESTRICTED) {
            restricted(pod, minor, out);
        }
        return out;
    }

    private static void baseline(Pod pod, int minor, List<Failure> out) {
        // windowsHostProcess
        if (Boolean.TRUE.equals(Trees.get(pod.spec(), "securityContext", "windowsOptions", "hostProcess"))
                || pod.containers().stream().anyMatch(c -> Boolean.TRUE.equals(Trees.get(c, "securityContext", "windowsOptions", "hostProcess")))) {
            out.add(new Failure("windowsHostProcess", "hostProcess is true"));
        }
        // hostNamespaces
        for (String ns : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (Boolean.TRUE.equals(pod.spec().get(ns))) {
                out.add(new Failure("hostNamespaces", ns + " is true"));
            }
        }
        for (Map<String, Object> c : pod.containers()) {
            String name = String.valueOf(c.get("name"));
            if (Boolean.TRUE.equals(Trees.get(c, "securityContext", "privileged"))) {
                out.add(new Failure("privileged", "container " + name + " is privileged"));
            }
            for (Object cap : Trees.list(Trees.get(c, "securityContext", "capabilities", "add"))) {
                if (!BASELINE_CAPABILITIES.contains(String.valueOf(cap))) {
                    out.add(new Failure("capabilities_baseline", "container " + name + " adds " + cap));
                }
            }
            for (Object port : Trees.list(c.get("ports"))) {
                Object hostPort = Trees.get(port, "hostPort");
                if (hostPort instanceof Number n && n.intValue() != 0) {
                    out.add(new Failure("hostPorts", "container " + name + " uses hostPort " + n));
                }
            }
            Object procMount = Trees.get(c, "securityContext", "procMount");
            boolean userNamespace = Boolean.FALSE.equals(pod.spec().get("hostUsers"));
            if (procMount != null && !"Default".equals(procMount) && !(minor >= 35 && userNamespace && "Unmasked".equals(procMount))) {
                out.add(new Failure("procMount", "container " + name + " sets procMount " + procMount));
            }
            if (minor >= 34) {
                hostProbes(c, name, out);
            }
        }
        // hostPathVolumes
        for (Object v : Trees.list(pod.spec().get("volumes"))) {
            if (Trees.get(v, "hostPath") != null) {
                out.add(new Failure("hostPathVolumes", "volume " + Trees.get(v, "name") + " is a hostPath"));
            }
        }
        appArmor(pod, out);
        seLinux(pod, minor, out);
        seccompBaseline(pod, minor, out);
        Set<String> safe = safeSysctls(minor);
        for (Object s : Trees.list(Trees.get(pod.spec(), "securityContext", "sysctls"))) {
            Object name = Trees.get(s, "name");
            if (!safe.contains(String.valueOf(name))) {
                out.add(new Failure("sysctls", "sysctl " + name + " is not a safe sysctl at v1." + minor));
            }
        }
    }

    private static void hostProbes(Map<String, Object> c, String name, List<Failure> out) {
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            for (String handler : List.of("httpGet", "tcpSocket")) {
                Object host = Trees.get(c, probe, handler, "host");
                if (host != null && !String.valueOf(host).isEmpty()) {
                    out.add(new Failure("hostProbesAndHostLifecycleHooks", "container " + name + " " + probe + " sets host " + host));
                }
            }
        }
        for (String hook : List.of("postStart", "preStop")) {
            for (String handler : List.of("httpGet", "tcpSocket")) {
                Object host = Trees.get(c, "lifecycle", hook, handler, "host");
                if (host != null && !String.valueOf(host).isEmpty()) {
                    out.add(new Failure("hostProbesAndHostLifecycleHooks", "container " + name + " " + hook + " sets host " + host));
                }
            }
        }
    }

    private static void appArmor(Pod pod, List<Failure> out) {
        for (Map.Entry<String, Object> a : pod.annotations().entrySet()) {
            if (a.getKey().startsWith(APPARMOR_PREFIX)) {
                String v = String.valueOf(a.getValue());
                if (!v.equals("runtime/default") && !v.startsWith("localhost/")) {
                    out.add(new Failure("appArmorProfile", a.getKey() + " is " + v));
                }
            }
        }
        List<Object> profiles = new ArrayList<>();
        profiles.add(Trees.get(pod.spec(), "securityContext", "appArmorProfile", "type"));
        pod.containers().forEach(c -> profiles.add(Trees.get(c, "securityContext", "appArmorProfile", "type")));
        for (Object type : profiles) {
            if (type != null && !"RuntimeDefault".equals(type) && !"Localhost".equals(type)) {
                out.add(new Failure("appArmorProfile", "appArmorProfile type " + type));
            }
        }
    }

    private static void seLinux(Pod pod, int minor, List<Failure> out) {
        Set<String> types = new LinkedHashSet<>(List.of("", "container_t", "container_init_t", "container_kvm_t"));
        if (minor >= 31) {
            types.add("container_engine_t");
        }
        List<Object> options = new ArrayList<>();
        options.add(Trees.get(pod.spec(), "securityContext", "seLinuxOptions"));
        pod.containers().forEach(c -> options.add(Trees.get(c, "securityContext", "seLinuxOptions")));
        for (Object o : options) {
            if (o == null) {
                continue;
            }
            Object type = Trees.get(o, "type");
            if (type != null && !types.contains(String.valueOf(type))) {
                out.add(new Failure("seLinuxOptions", "seLinuxOptions type " + type));
            }
            for (String field : List.of("user", "role")) {
                Object v = Trees.get(o, field);
                if (v != null && !String.valueOf(v).isEmpty()) {
                    out.add(new Failure("seLinuxOptions", "seLinuxOptions " + field + " " + v));
                }
            }
        }
    }

    private static void seccompBaseline(Pod pod, int minor, List<Failure> out) {
        if (minor < 19) {
            Object podAnnotation = pod.annotations().get(SECCOMP_POD_ANNOTATION);
            if ("unconfined".equals(podAnnotation)) {
                out.add(new Failure("seccompProfile_baseline", SECCOMP_POD_ANNOTATION + " is unconfined"));
            }
            for (Map.Entry<String, Object> a : pod.annotations().entrySet()) {
                if (a.getKey().startsWith(SECCOMP_CONTAINER_PREFIX) && "unconfined".equals(a.getValue())) {
                    out.add(new Failure("seccompProfile_baseline", a.getKey() + " is unconfined"));
                }
            }
            return;
        }
        if ("Unconfined".equals(Trees.get(pod.spec(), "securityContext", "seccompProfile", "type"))) {
            out.add(new Failure("seccompProfile_baseline", "pod seccompProfile is Unconfined"));
        }
        for (Map<String, Object> c : pod.containers()) {
            if ("Unconfined".equals(Trees.get(c, "securityContext", "seccompProfile", "type"))) {
                out.add(new Failure("seccompProfile_baseline", "container " + c.get("name") + " seccompProfile is Unconfined"));
            }
        }
    }

    private static void restricted(Pod pod, int minor, List<Failure> out) {
        boolean windows = minor >= 25 && "windows".equals(Trees.get(pod.spec(), "os", "name"));
        boolean userNamespace = minor >= 33 && Boolean.FALSE.equals(pod.spec().get("hostUsers"));
        for (Object v : Trees.list(pod.spec().get("volumes"))) {
            if (v instanceof Map<?, ?> volume) {
                for (Object key : volume.keySet()) {
                    if (!"name".equals(key) && !RESTRICTED_VOLUMES.contains(String.valueOf(key))) {
                        out.add(new Failure("restrictedVolumes", "volume " + volume.get("name") + " is of type " + key));
                    }
                }
            }
        }
        if (!userNamespace) {
            runAsNonRoot(pod, out);
        }
        if (minor >= 23 && !userNamespace) {
            if (isZero(Trees.get(pod.spec(), "securityContext", "runAsUser"))) {
                out.add(new Failure("runAsUser", "pod runAsUser is 0"));
            }
            for (Map<String, Object> c : pod.containers()) {
                if (isZero(Trees.get(c, "securityContext", "runAsUser"))) {
                    out.add(new Failure("runAsUser", "container " + c.get("name") + " runAsUser is 0"));
                }
            }
        }
        if (windows) {
            return;
        }
        for (Map<String, Object> c : pod.containers()) {
            String name = String.valueOf(c.get("name"));
            if (minor >= 8 && !Boolean.FALSE.equals(Trees.get(c, "securityContext", "allowPrivilegeEscalation"))) {
                out.add(new Failure("allowPrivilegeEscalation", "container " + name + " does not set allowPrivilegeEscalation: false"));
            }
            if (minor >= 22) {
                if (!Trees.list(Trees.get(c, "securityContext", "capabilities", "drop")).contains("ALL")) {
                    out.add(new Failure("capabilities_restricted", "container " + name + " does not drop ALL"));
                }
                for (Object cap : Trees.list(Trees.get(c, "securityContext", "capabilities", "add"))) {
                    if (!"NET_BIND_SERVICE".equals(cap)) {
                        out.add(new Failure("capabilities_restricted", "container " + name + " adds " + cap));
                    }
                }
            }
        }
        if (minor >= 19) {
            Object podType = Trees.get(pod.spec(), "securityContext", "seccompProfile", "type");
            boolean podOk = "RuntimeDefault".equals(podType) || "Localhost".equals(podType);
            for (Map<String, Object> c : pod.containers()) {
                Object type = Trees.get(c, "securityContext", "seccompProfile", "type");
                boolean ok = type == null ? podOk : "RuntimeDefault".equals(type) || "Localhost".equals(type);
                if (!ok) {
                    out.add(new Failure("seccompProfile_restricted", "container " + c.get("name")
                            + " has no RuntimeDefault or Localhost seccomp profile"));
                }
            }
        }
    }

    private static void runAsNonRoot(Pod pod, List<Failure> out) {
        Object podValue = Trees.get(pod.spec(), "securityContext", "runAsNonRoot");
        if (Boolean.FALSE.equals(podValue)) {
            out.add(new Failure("runAsNonRoot", "pod sets runAsNonRoot: false"));
        }
        for (Map<String, Object> c : pod.containers()) {
            Object v = Trees.get(c, "securityContext", "runAsNonRoot");
            if (Boolean.FALSE.equals(v)) {
                out.add(new Failure("runAsNonRoot", "container " + c.get("name") + " sets runAsNonRoot: false"));
            } else if (v == null && !Boolean.TRUE.equals(podValue)) {
                out.add(new Failure("runAsNonRoot", "container " + c.get("name") + " does not run as non-root"));
            }
        }
    }

    private static boolean isZero(Object v) {
        return v instanceof Number n && n.longValue() == 0;
    }
}
