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
 * From v1.19 a seccomp profile must be set, RuntimeDefault or Localhost, on the pod or on every container;
 * Windows pods are exempt from v1.25.
 */
public final class SeccompProfileRestricted {
    private SeccompProfileRestricted() {
    }

    public static Check check() {
        return new Check("seccompProfile_restricted", Level.RESTRICTED, "A RuntimeDefault or Localhost seccomp profile must be set",
                List.of(since(19, SeccompProfileRestricted::v1_19, SeccompProfileBaseline.ID),
                        since(25, SeccompProfileRestricted::v1_25, SeccompProfileBaseline.ID)));
    }

    static Result v1_19(PodView pod) {
        List<String> setters = new ArrayList<>();
        TreeSet<String> values = new TreeSet<>();
        List<String> paths = new ArrayList<>();
        boolean podSet = false;
        if (pod.securityContext() != null && pod.securityContext().seccompProfile() != null) {
            String type = pod.securityContext().seccompProfile().type();
            if (!SeccompProfileBaseline.validType(type)) {
                setters.add("pod");
                values.add(type);
                paths.add(pod.at("seccompProfile.type"));
            } else {
                podSet = true;
            }
        }
        List<String> explicit = new ArrayList<>();
        List<String> implicit = new ArrayList<>();
        List<String> implicitPaths = new ArrayList<>();
        for (PodView.Container c : pod.containers()) {
            PodView.Profile p = c.securityContext() == null ? null : c.securityContext().seccompProfile();
            if (p != null) {
                if (!SeccompProfileBaseline.validType(p.type())) {
                    explicit.add(c.name());
                    values.add(p.type());
                    paths.add(c.at("seccompProfile.type"));
                }
            } else if (!podSet) {
                implicit.add(c.name());
                implicitPaths.add(c.at("seccompProfile"));
            }
        }
        if (!explicit.isEmpty()) {
            setters.add(Texts.containers(explicit));
        }
        if (!setters.isEmpty()) {
            return Result.forbidden("seccompProfile", String.join(" and ", setters)
                    + " must not set securityContext.seccompProfile.type to " + Texts.joinQuote(values), paths);
        }
        return implicit.isEmpty() ? Result.ALLOWED : Result.forbidden("seccompProfile", "pod or "
                + Texts.containers(implicit) + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"",
                implicitPaths);
    }

    static Result v1_25(PodView pod) {
        return pod.isWindows() ? Result.ALLOWED : v1_19(pod);
    }
}
