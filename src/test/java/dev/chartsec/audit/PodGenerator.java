package dev.chartsec.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import dev.chartsec.audit.pss.PodViewReader;

/**
 * Seeded pods near the Pod Security rule boundaries: a pod that meets restricted, with one to three of the
 * fields the standard reads changed, written as YAML text in any spelling the Kubernetes reader accepts
 * ({@code y}, {@code ON}, {@code 0o0}, {@code 0x10}, {@code 1_000}, {@code 0.0}), and now and then in a type
 * the API server refuses. Every field and value here is taken from the published standard and the API
 * reference, not from chartsec's checks.
 */
final class PodGenerator {
    /** A scalar written exactly as given (a plain YAML token whose reading is the point of the test). */
    record Spelled(String text) {
    }

    static final List<String> CAPABILITIES = List.of("ALL", "all", "NET_BIND_SERVICE", "net_bind_service", "NET_RAW",
            "SYS_ADMIN", "CHOWN", "KILL", "SETUID", "AUDIT_WRITE", "MKNOD", "SYS_CHROOT", "SYS_TIME", "BPF", "NET_ADMIN", "");
    static final List<String> SYSCTLS = List.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem",
            "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat", "kernel.msgmax", "net.core.somaxconn",
            "vm.swappiness", "KERNEL.SHM_RMID_FORCED");
    static final List<String> PROFILE_TYPES = List.of("RuntimeDefault", "Localhost", "Unconfined", "runtimedefault", "", "Bogus");
    static final List<String> SECCOMP_ANNOTATIONS = List.of("runtime/default", "docker/default", "localhost/prof", "localhost/",
            "unconfined", "", "Runtime/Default");
    static final List<String> APPARMOR_ANNOTATIONS = List.of("runtime/default", "localhost/prof", "unconfined", "", "RuntimeDefault");
    static final List<String> SELINUX_TYPES = List.of("", "container_t", "container_init_t", "container_kvm_t",
            "container_engine_t", "spc_t", "unconfined_t");
    static final List<String> PROC_MOUNTS = List.of("Default", "Unmasked", "", "default", "Other");
    static final List<String> HOSTS = List.of("", "127.0.0.1", "example.com", "169.254.169.254");
    static final List<String> TRUE = List.of("true", "True", "TRUE", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON");
    static final List<String> FALSE = List.of("false", "False", "FALSE", "n", "N", "no", "No", "NO", "off", "Off", "OFF");

    private final Random random;

    PodGenerator(long seed) {
        random = new Random(seed);
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    /** One pod: the restricted base with 1 to 3 changes. */
    Map<String, Object> pod() {
        Map<String, Object> pod = base();
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            pick(MUTATIONS).accept(new Target(pod));
        }
        if (chance(4)) {
            pick(TYPE_ERRORS).accept(new Target(pod)); // last: later changes would not find the lists they expect
        }
        return pod;
    }

    static Map<String, Object> base() {
        Map<String, Object> pod = map("apiVersion", "v1", "kind", "Pod", "metadata", map("name", "p"),
                "spec", map("securityContext", map("runAsNonRoot", true, "seccompProfile", map("type", "RuntimeDefault")),
                        "containers", list(container("c")), "initContainers", list(container("i"))));
        return pod;
    }

    static Map<String, Object> container(String name) {
        return map("name", name, "image", "registry.example/app:1",
                "securityContext", map("allowPrivilegeEscalation", false, "capabilities", map("drop", list("ALL"))));
    }

    /** Where a mutation applies: the pod, one of its containers (created on demand), its annotations. */
    final class Target {
        final Map<String, Object> pod;

        Target(Map<String, Object> pod) {
            this.pod = pod;
        }

        Map<String, Object> spec() {
            return sub(pod, "spec");
        }

        Map<String, Object> podSecurityContext() {
            return sub(spec(), "securityContext");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> container() {
            String kind = pick(List.of("containers", "initContainers", "containers", "ephemeralContainers"));
            List<Object> items = (List<Object>) spec().computeIfAbsent(kind, k -> new ArrayList<>());
            if (items.isEmpty() || kind.equals("ephemeralContainers") && chance(30)) {
                items.add(PodGenerator.container(kind.substring(0, 1) + items.size()));
            }
            return (Map<String, Object>) items.get(random.nextInt(items.size()));
        }

        Map<String, Object> containerSecurityContext() {
            return sub(container(), "securityContext");
        }

        Map<String, Object> annotations() {
            return sub(sub(pod, "metadata"), "annotations");
        }

        @SuppressWarnings("unchecked")
        List<String> containerNames() {
            List<String> names = new ArrayList<>();
            for (String kind : List.of("containers", "initContainers", "ephemeralContainers")) {
                for (Object c : (List<Object>) spec().getOrDefault(kind, List.of())) {
                    names.add(String.valueOf(((Map<String, Object>) c).get("name")));
                }
            }
            return names;
        }
    }

    // Values, in the spellings the Kubernetes reader accepts.

    Object bool(boolean value) {
        return chance(50) ? value : new Spelled(pick(value ? TRUE : FALSE));
    }

    Object anyBool() {
        int r = random.nextInt(10);
        return r == 0 ? null : r == 1 && chance(30) ? pick(List.of("true", "false")) /* a string: refused */ : bool(chance(50));
    }

    Object integer(long value) {
        if (chance(40)) {
            return value;
        }
        List<String> forms = new ArrayList<>(List.of(Long.toString(value), "0o" + Long.toOctalString(value),
                "0x" + Long.toHexString(value), value + ".0", "+" + value));
        if (value > 0) {
            forms.add("0" + Long.toOctalString(value));
            forms.add(value + "e0");
            forms.add(Long.toString(value).charAt(0) + "_" + Long.toString(value).substring(1));
        }
        return new Spelled(pick(forms));
    }

    Object userId() {
        int r = random.nextInt(12);
        return switch (r) {
            case 0 -> null;
            case 1 -> new Spelled(pick(List.of("0.5", "1e30", "-0.0", "0b0", "0b1010")));
            case 2 -> "0";
            default -> integer(pick(List.of(0L, 0L, 1000L, 10001L, 65534L, 1L)));
        };
    }

    /** A string value: usually a string, sometimes a plain token the reader turns into a bool or a number. */
    Object text(String value) {
        if (chance(8)) {
            return new Spelled(pick(List.of("y", "no", "ON", "1", "0o7", "~")));
        }
        return value;
    }

    private final List<Consumer<Target>> MUTATIONS = List.of(
            t -> t.containerSecurityContext().put("privileged", anyBool()),
            t -> t.containerSecurityContext().put("allowPrivilegeEscalation", anyBool()),
            t -> t.containerSecurityContext().remove("allowPrivilegeEscalation"),
            t -> sub(t.containerSecurityContext(), "capabilities").put("add", capabilityList()),
            t -> sub(t.containerSecurityContext(), "capabilities").put("drop", capabilityList()),
            t -> t.containerSecurityContext().remove("capabilities"),
            t -> t.container().remove("securityContext"),
            t -> t.container().put("securityContext", null),
            t -> t.spec().put(pick(List.of("hostNetwork", "hostPID", "hostIPC")), anyBool()),
            t -> t.container().put("ports", list(port())),
            t -> {
                t.spec().put("hostNetwork", bool(true));
                t.container().put("ports", list(map("containerPort", integer(8080))));
            },
            t -> volumes(t),
            t -> sub(t.podSecurityContext(), "seccompProfile").put("type", text(pick(PROFILE_TYPES))),
            t -> t.podSecurityContext().remove("seccompProfile"),
            t -> t.podSecurityContext().put("seccompProfile", null),
            t -> sub(t.containerSecurityContext(), "seccompProfile").put("type", text(pick(PROFILE_TYPES))),
            t -> t.annotations().put("seccomp.security.alpha.kubernetes.io/pod", text(pick(SECCOMP_ANNOTATIONS))),
            t -> t.annotations().put("container.seccomp.security.alpha.kubernetes.io/" + pick(nameOrOther(t)),
                    text(pick(SECCOMP_ANNOTATIONS))),
            t -> t.annotations().put("container.apparmor.security.beta.kubernetes.io/" + pick(nameOrOther(t)),
                    text(pick(APPARMOR_ANNOTATIONS))),
            t -> sub(t.podSecurityContext(), "appArmorProfile").put("type", text(pick(PROFILE_TYPES))),
            t -> sub(t.containerSecurityContext(), "appArmorProfile").put("type", text(pick(PROFILE_TYPES))),
            t -> seLinux(chance(50) ? t.podSecurityContext() : t.containerSecurityContext()),
            t -> t.containerSecurityContext().put("procMount", text(pick(PROC_MOUNTS))),
            t -> t.podSecurityContext().put("sysctls", sysctls()),
            t -> (chance(50) ? t.podSecurityContext() : t.containerSecurityContext()).put("runAsNonRoot", anyBool()),
            t -> (chance(50) ? t.podSecurityContext() : t.containerSecurityContext()).put("runAsUser", userId()),
            t -> t.spec().put("hostUsers", anyBool()),
            t -> sub(t.spec(), "os").put("name", text(pick(List.of("windows", "linux", "Windows", "")))),
            t -> sub(chance(50) ? t.podSecurityContext() : t.containerSecurityContext(), "windowsOptions").put("hostProcess", anyBool()),
            t -> probeHost(t.container()));

    /** Values of a type the API server refuses to decode. */
    private final List<Consumer<Target>> TYPE_ERRORS = List.of(
            t -> t.container().put("ports", pick(List.of("notalist", 80))),
            t -> t.spec().put(pick(List.of("containers", "volumes", "securityContext")), pick(List.of("notalist", 1))),
            t -> t.annotations().put("container.apparmor.security.beta.kubernetes.io/c", bool(true)));

    private List<String> nameOrOther(Target t) {
        List<String> names = new ArrayList<>(t.containerNames());
        names.add("other");
        return names;
    }

    private List<Object> capabilityList() {
        List<Object> caps = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            caps.add(text(pick(CAPABILITIES)));
        }
        return caps;
    }

    private Map<String, Object> port() {
        Map<String, Object> port = map("containerPort", integer(pick(List.of(80L, 8080L))));
        if (chance(70)) {
            port.put("hostPort", pick(List.of(integer(0), integer(8080), integer(80), "80", new Spelled("8080.5"))));
        }
        return port;
    }

    private void volumes(Target t) {
        List<Object> volumes = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            Map<String, Object> volume = map("name", "v" + i);
            int r = random.nextInt(10);
            if (r == 0) {
                // no source at all: the API server's defaulting makes it an emptyDir
            } else if (r == 1) {
                volume.put("fooVolume", map());
            } else if (r == 2) {
                volume.put(pick(PodViewReader.VOLUME_SOURCES), null);
            } else {
                volume.put(pick(PodViewReader.VOLUME_SOURCES), map());
                if (r == 3) {
                    volume.put(pick(PodViewReader.VOLUME_SOURCES), map());
                }
            }
            volumes.add(volume);
        }
        t.spec().put("volumes", volumes);
    }

    private void seLinux(Map<String, Object> securityContext) {
        Map<String, Object> options = sub(securityContext, "seLinuxOptions");
        options.put("type", text(pick(SELINUX_TYPES)));
        if (chance(30)) {
            options.put("user", pick(List.of("", "system_u", "root")));
        }
        if (chance(30)) {
            options.put("role", pick(List.of("", "system_r")));
        }
        if (chance(20)) {
            options.put("level", pick(List.of("s0:c1,c2", "")));
        }
    }

    private List<Object> sysctls() {
        List<Object> out = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            out.add(map("name", text(pick(SYSCTLS)), "value", "1"));
        }
        return out;
    }

    private void probeHost(Map<String, Object> container) {
        String handler = pick(List.of("httpGet", "tcpSocket"));
        Map<String, Object> action = map("port", 8080);
        if (handler.equals("httpGet")) {
            action.put("path", "/healthz");
        }
        action.put("host", text(pick(HOSTS)));
        if (chance(50)) {
            container.put(pick(List.of("livenessProbe", "readinessProbe", "startupProbe")), map(handler, action));
        } else {
            sub(container, "lifecycle").put(pick(List.of("postStart", "preStop")), map(handler, action));
        }
    }

    // YAML text, block style, with strings double-quoted unless a mutation chose a plain spelling.

    static String yaml(Map<String, Object> pod) {
        StringBuilder sb = new StringBuilder();
        mapping(pod, 0, sb);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void mapping(Map<String, Object> m, int indent, StringBuilder sb) {
        if (m.isEmpty()) {
            sb.setLength(sb.length() - 1);
            sb.append(" {}\n");
            return;
        }
        boolean first = true;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (!first || sb.length() == 0 || sb.charAt(sb.length() - 1) == '\n') {
                sb.append(" ".repeat(indent));
            }
            first = false;
            sb.append(quote(e.getKey())).append(':');
            value(e.getValue(), indent, sb);
        }
    }

    @SuppressWarnings("unchecked")
    private static void value(Object v, int indent, StringBuilder sb) {
        if (v instanceof Map<?, ?> m) {
            sb.append('\n');
            mapping((Map<String, Object>) m, indent + 2, sb);
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append(" []\n");
                return;
            }
            sb.append('\n');
            for (Object item : l) {
                sb.append(" ".repeat(indent)).append("- ");
                if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                    StringBuilder inner = new StringBuilder();
                    mapping((Map<String, Object>) m, indent + 2, inner);
                    sb.append(inner.substring(indent + 2));
                } else {
                    sb.setLength(sb.length() - 1);
                    value(item, indent + 2, sb);
                }
            }
        } else {
            sb.append(' ').append(scalar(v)).append('\n');
        }
    }

    private static String scalar(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Spelled s) {
            return s.text();
        }
        if (v instanceof String s) {
            return quote(s);
        }
        return v.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> sub(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        if (!(v instanceof Map)) {
            v = new LinkedHashMap<String, Object>();
            parent.put(key, v);
        }
        return (Map<String, Object>) v;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }
}
