package dev.chartsec.audit.pss.checks;

import static dev.chartsec.audit.pss.Check.since;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.audit.pss.PodView;
import dev.chartsec.audit.pss.Result;

/** Adding capabilities beyond the container runtime's default set. (Replaced by capabilities_restricted.) */
public final class CapabilitiesBaseline {
    public static final String ID = "capabilities_baseline";
    /** The runtime's default set, the only capabilities baseline lets a container add (exact, case-sensitive). */
    static final Set<String> ALLOWED_1_0 = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
            "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

    private CapabilitiesBaseline() {
    }

    public static Check check() {
        return new Check(ID, Level.BASELINE, "Containers may add only the runtime's default capabilities",
                List.of(since(0, CapabilitiesBaseline::v1_0)));
    }

    static Result v1_0(PodView pod) {
        List<String> bad = new ArrayList<>();
        TreeSet<String> added = new TreeSet<>();
        List<String> paths = new ArrayList<>();
        for (PodView.Container c : pod.containers()) {
            if (c.securityContext() == null || c.securityContext().capabilities() == null) {
                continue;
            }
            boolean valid = true;
            for (String cap : c.securityContext().capabilities().add()) {
                if (!ALLOWED_1_0.contains(cap)) {
                    valid = false;
                    added.add(cap);
                }
            }
            if (!valid) {
                bad.add(c.name());
                paths.add(c.at("capabilities.add"));
            }
        }
        return bad.isEmpty() ? Result.ALLOWED : Result.forbidden("non-default capabilities", Texts.containers(bad)
                + " must not include " + Texts.joinQuote(added) + " in securityContext.capabilities.add", paths);
    }
}
