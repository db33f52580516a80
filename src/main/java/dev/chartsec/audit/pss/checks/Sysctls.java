package dev.chartsec.audit.pss.checks;

import static dev.chartsec.audit.pss.Check.since;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.audit.pss.PodView;
import dev.chartsec.audit.pss.Result;

/** Only the "safe" sysctls (namespaced and isolated from other pods); the set grows with the version. */
public final class Sysctls {
    static final Set<String> ALLOWED_1_0 = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start");
    static final Set<String> ALLOWED_1_27 = union(ALLOWED_1_0, "net.ipv4.ip_local_reserved_ports");
    static final Set<String> ALLOWED_1_29 = union(ALLOWED_1_27, "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    static final Set<String> ALLOWED_1_32 = union(ALLOWED_1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem");
    static final Set<String> ALLOWED_1_37 = union(ALLOWED_1_32, "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat");

    private Sysctls() {
    }

    public static Check check() {
        return new Check("sysctls", Level.BASELINE, "Only safe sysctls may be set",
                List.of(since(0, pod -> evaluate(pod, ALLOWED_1_0)), since(27, pod -> evaluate(pod, ALLOWED_1_27)),
                        since(29, pod -> evaluate(pod, ALLOWED_1_29)), since(32, pod -> evaluate(pod, ALLOWED_1_32)),
                        since(37, pod -> evaluate(pod, ALLOWED_1_37))));
    }

    private static Set<String> union(Set<String> base, String... more) {
        return Stream.concat(base.stream(), Stream.of(more)).collect(Collectors.toUnmodifiableSet());
    }

    static Result evaluate(PodView pod, Set<String> allowed) {
        List<String> bad = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (PodView.Sysctl s : pod.sysctls()) {
            if (!allowed.contains(s.name())) {
                bad.add(s.name());
                paths.add(s.path());
            }
        }
        return bad.isEmpty() ? Result.ALLOWED : Result.forbidden("forbidden sysctls", String.join(", ", bad), paths);
    }
}
