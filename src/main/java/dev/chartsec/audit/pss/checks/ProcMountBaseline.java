package dev.chartsec.audit.pss.checks;

import static dev.chartsec.audit.pss.Check.since;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.audit.pss.PodView;
import dev.chartsec.audit.pss.Result;

/** The default /proc masks: procMount unset or Default; from v1.35 any value in a user namespace (hostUsers: false). */
public final class ProcMountBaseline {
    public static final String ID = "procMount";

    private ProcMountBaseline() {
    }

    public static Check check() {
        return new Check(ID, Level.BASELINE, "procMount must be Default (any value with hostUsers: false from v1.35)",
                List.of(since(0, ProcMountBaseline::v1_0), since(35, ProcMountBaseline::v1_35)));
    }

    static Result v1_0(PodView pod) {
        List<String> bad = new ArrayList<>();
        TreeSet<String> types = new TreeSet<>();
        List<String> paths = new ArrayList<>();
        for (PodView.Container c : pod.containers()) {
            String procMount = c.securityContext() == null ? null : c.securityContext().procMount();
            if (procMount != null && !procMount.equals("Default")) {
                bad.add(c.name());
                types.add(procMount);
                paths.add(c.at("procMount"));
            }
        }
        return bad.isEmpty() ? Result.ALLOWED : Result.forbidden("procMount",
                Texts.containers(bad) + " must not set securityContext.procMount to " + Texts.joinQuote(types), paths);
    }

    static Result v1_35(PodView pod) {
        return pod.userNamespace() ? Result.ALLOWED : v1_0(pod);
    }
}
