package dev.chartsec.audit.pss.checks;

import static dev.chartsec.audit.pss.Check.since;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.audit.pss.PodView;
import dev.chartsec.audit.pss.Result;

/** Host ports. Allowed: unset, 0. */
public final class HostPorts {
    private HostPorts() {
    }

    public static Check check() {
        return new Check("hostPorts", Level.BASELINE, "Containers must not use host ports", List.of(since(0, HostPorts::v1_0)));
    }

    static Result v1_0(PodView pod) {
        List<String> bad = new ArrayList<>();
        TreeSet<String> ports = new TreeSet<>();
        List<String> paths = new ArrayList<>();
        for (PodView.Container c : pod.containers()) {
            if (!c.hostPorts().isEmpty()) {
                bad.add(c.name());
                c.hostPorts().forEach(p -> {
                    ports.add(Integer.toString(p.port()));
                    paths.add(p.path());
                });
            }
        }
        return bad.isEmpty() ? Result.ALLOWED : Result.forbidden("hostPort", Texts.containers(bad) + " "
                + Texts.pluralize("uses", "use", bad.size()) + " " + Texts.pluralize("hostPort", "hostPorts", ports.size())
                + " " + String.join(", ", ports), paths);
    }
}
