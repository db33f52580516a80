package dev.chartsec.audit.pss.checks;

import static dev.chartsec.audit.pss.Check.since;

import java.util.ArrayList;
import java.util.List;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.audit.pss.PodView;
import dev.chartsec.audit.pss.Result;

/** Sharing the host network, PID or IPC namespace. Allowed: false, unset. */
public final class HostNamespaces {
    private HostNamespaces() {
    }

    public static Check check() {
        return new Check("hostNamespaces", Level.BASELINE, "Pods must not share the host's network, PID or IPC namespace",
                List.of(since(0, HostNamespaces::v1_0)));
    }

    static Result v1_0(PodView pod) {
        List<String> found = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        if (pod.hostNetwork()) {
            found.add("hostNetwork=true");
            paths.add(pod.specPath() + ".hostNetwork");
        }
        if (pod.hostPID()) {
            found.add("hostPID=true");
            paths.add(pod.specPath() + ".hostPID");
        }
        if (pod.hostIPC()) {
            found.add("hostIPC=true");
            paths.add(pod.specPath() + ".hostIPC");
        }
        return found.isEmpty() ? Result.ALLOWED : Result.forbidden("host namespaces", String.join(", ", found), paths);
    }
}
