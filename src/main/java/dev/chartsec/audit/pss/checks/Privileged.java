package dev.chartsec.audit.pss.checks;

import static dev.chartsec.audit.pss.Check.since;

import java.util.ArrayList;
import java.util.List;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.audit.pss.PodView;
import dev.chartsec.audit.pss.Result;

/** Privileged containers disable most security mechanisms. Allowed: false, unset. */
public final class Privileged {
    private Privileged() {
    }

    public static Check check() {
        return new Check("privileged", Level.BASELINE, "Containers must not be privileged", List.of(since(0, Privileged::v1_0)));
    }

    static Result v1_0(PodView pod) {
        List<String> bad = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (PodView.Container c : pod.containers()) {
            if (c.securityContext() != null && Boolean.TRUE.equals(c.securityContext().privileged())) {
                bad.add(c.name());
                paths.add(c.at("privileged"));
            }
        }
        return bad.isEmpty() ? Result.ALLOWED : Result.forbidden("privileged",
                Texts.containers(bad) + " must not set securityContext.privileged=true", paths);
    }
}
