package dev.chartsec.audit.pss.checks;

import static dev.chartsec.audit.pss.Check.since;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.audit.pss.PodView;
import dev.chartsec.audit.pss.Result;

/**
 * From v1.34, probes and lifecycle handlers (httpGet and tcpSocket) must not name a host: the kubelet would
 * connect to any address on the pod's behalf.
 */
public final class HostProbesAndHostLifecycle {
    private HostProbesAndHostLifecycle() {
    }

    public static Check check() {
        return new Check("hostProbesAndHostLifecycle", Level.BASELINE, "Probes and lifecycle handlers must not set a host",
                List.of(since(34, HostProbesAndHostLifecycle::v1_34)));
    }

    static Result v1_34(PodView pod) {
        TreeSet<String> bad = new TreeSet<>();
        TreeSet<String> hosts = new TreeSet<>();
        List<String> paths = new ArrayList<>();
        for (PodView.Container c : pod.containers()) {
            for (PodView.HandlerHost h : c.handlerHosts()) {
                bad.add(c.name());
                hosts.add(h.host());
                paths.add(h.path());
            }
        }
        return bad.isEmpty() ? Result.ALLOWED : Result.forbidden("probe or lifecycle host", Texts.containers(bad) + " "
                + Texts.pluralize("uses", "use", bad.size()) + " "
                + Texts.pluralize("probe or lifecycle host", "probe or lifecycle hosts", hosts.size()) + " "
                + Texts.joinQuote(hosts), paths);
    }
}
