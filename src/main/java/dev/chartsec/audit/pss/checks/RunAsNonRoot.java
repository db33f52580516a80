package dev.chartsec.audit.pss.checks;

import static dev.chartsec.audit.pss.Check.since;

import java.util.ArrayList;
import java.util.List;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.audit.pss.PodView;
import dev.chartsec.audit.pss.Result;

/**
 * Containers must run as non-root: runAsNonRoot true on the pod or on every container, never false.
 * From v1.35 any value is allowed in a user namespace (hostUsers: false).
 */
public final class RunAsNonRoot {
    private RunAsNonRoot() {
    }

    public static Check check() {
        return new Check("runAsNonRoot", Level.RESTRICTED, "Containers must set runAsNonRoot: true (pod or container)",
                List.of(since(0, RunAsNonRoot::v1_0), since(35, RunAsNonRoot::v1_35)));
    }

    static Result v1_0(PodView pod) {
        List<String> setters = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        boolean podNonRoot = false;
        if (pod.securityContext() != null && pod.securityContext().runAsNonRoot() != null) {
            if (!pod.securityContext().runAsNonRoot()) {
                setters.add("pod");
                paths.add(pod.at("runAsNonRoot"));
            } else {
                podNonRoot = true;
            }
        }
        List<String> explicit = new ArrayList<>();
        List<String> implicit = new ArrayList<>();
        List<String> implicitPaths = new ArrayList<>();
        for (PodView.Container c : pod.containers()) {
            Boolean v = c.securityContext() == null ? null : c.securityContext().runAsNonRoot();
            if (v != null) {
                if (!v) {
                    explicit.add(c.name());
                    paths.add(c.at("runAsNonRoot"));
                }
            } else if (!podNonRoot) {
                implicit.add(c.name());
                implicitPaths.add(c.at("runAsNonRoot"));
            }
        }
        if (!explicit.isEmpty()) {
            setters.add(Texts.containers(explicit));
        }
        if (!setters.isEmpty()) {
            return Result.forbidden("runAsNonRoot != true",
                    String.join(" and ", setters) + " must not set securityContext.runAsNonRoot=false", paths);
        }
        return implicit.isEmpty() ? Result.ALLOWED : Result.forbidden("runAsNonRoot != true",
                "pod or " + Texts.containers(implicit) + " must set securityContext.runAsNonRoot=true", implicitPaths);
    }

    static Result v1_35(PodView pod) {
        return pod.userNamespace() ? Result.ALLOWED : v1_0(pod);
    }
}
