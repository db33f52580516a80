package dev.chartsec.audit.pss.checks;

import static dev.chartsec.audit.pss.Check.since;

import java.util.ArrayList;
import java.util.List;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.audit.pss.PodView;
import dev.chartsec.audit.pss.Result;

/** From v1.23 no pod or container may set runAsUser: 0; from v1.35 any value in a user namespace (hostUsers: false). */
public final class RunAsUser {
    private RunAsUser() {
    }

    public static Check check() {
        return new Check("runAsUser", Level.RESTRICTED, "runAsUser must not be 0",
                List.of(since(23, RunAsUser::v1_23), since(35, RunAsUser::v1_35)));
    }

    static Result v1_23(PodView pod) {
        List<String> setters = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        if (pod.securityContext() != null && Long.valueOf(0).equals(pod.securityContext().runAsUser())) {
            setters.add("pod");
            paths.add(pod.at("runAsUser"));
        }
        List<String> bad = new ArrayList<>();
        for (PodView.Container c : pod.containers()) {
            if (c.securityContext() != null && Long.valueOf(0).equals(c.securityContext().runAsUser())) {
                bad.add(c.name());
                paths.add(c.at("runAsUser"));
            }
        }
        if (!bad.isEmpty()) {
            setters.add(Texts.containers(bad));
        }
        return setters.isEmpty() ? Result.ALLOWED
                : Result.forbidden("runAsUser=0", String.join(" and ", setters) + " must not set runAsUser=0", paths);
    }

    static Result v1_35(PodView pod) {
        return pod.userNamespace() ? Result.ALLOWED : v1_23(pod);
    }
}
