package dev.chartsec.audit.pss.checks;

import static dev.chartsec.audit.pss.Check.since;

import java.util.ArrayList;
import java.util.List;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.audit.pss.PodView;
import dev.chartsec.audit.pss.Result;

/** Privilege escalation (setuid binaries) must be off: false, explicitly. Windows pods are exempt from v1.25. */
public final class AllowPrivilegeEscalation {
    private AllowPrivilegeEscalation() {
    }

    public static Check check() {
        return new Check("allowPrivilegeEscalation", Level.RESTRICTED, "Containers must set allowPrivilegeEscalation: false",
                List.of(since(8, AllowPrivilegeEscalation::v1_8), since(25, AllowPrivilegeEscalation::v1_25)));
    }

    static Result v1_8(PodView pod) {
        List<String> bad = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (PodView.Container c : pod.containers()) {
            if (c.securityContext() == null || !Boolean.FALSE.equals(c.securityContext().allowPrivilegeEscalation())) {
                bad.add(c.name());
                paths.add(c.at("allowPrivilegeEscalation"));
            }
        }
        return bad.isEmpty() ? Result.ALLOWED : Result.forbidden("allowPrivilegeEscalation != false",
                Texts.containers(bad) + " must set securityContext.allowPrivilegeEscalation=false", paths);
    }

    static Result v1_25(PodView pod) {
        return pod.isWindows() ? Result.ALLOWED : v1_8(pod);
    }
}
