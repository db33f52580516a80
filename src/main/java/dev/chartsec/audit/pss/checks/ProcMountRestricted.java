package dev.chartsec.audit.pss.checks;

import static dev.chartsec.audit.pss.Check.since;

import java.util.List;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.audit.pss.Level;

/** From v1.35 restricted keeps the default /proc masks even in a user namespace, replacing the relaxed baseline check. */
public final class ProcMountRestricted {
    private ProcMountRestricted() {
    }

    public static Check check() {
        return new Check("procMount_restricted", Level.RESTRICTED, "procMount must be Default, even with hostUsers: false",
                List.of(since(35, ProcMountBaseline::v1_0, ProcMountBaseline.ID)));
    }
}
