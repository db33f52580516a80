package dev.chartsec.audit.pss.checks;

import static dev.chartsec.audit.pss.Check.since;

import java.util.ArrayList;
import java.util.List;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.audit.pss.PodView;
import dev.chartsec.audit.pss.Result;

/** Windows host-process containers have full access to the node. Allowed: false, unset. */
public final class WindowsHostProcess {
    private WindowsHostProcess() {
    }

    public static Check check() {
        return new Check("windowsHostProcess", Level.BASELINE, "Pods and containers must not be Windows host processes",
                List.of(since(0, WindowsHostProcess::v1_0)));
    }

    static Result v1_0(PodView pod) {
        List<String> setters = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (PodView.Container c : pod.containers()) {
            if (c.securityContext() != null && Boolean.TRUE.equals(c.securityContext().windowsHostProcess())) {
                bad.add(c.name());
                paths.add(c.at("windowsOptions.hostProcess"));
            }
        }
        if (pod.securityContext() != null && Boolean.TRUE.equals(pod.securityContext().windowsHostProcess())) {
            setters.add("pod");
            paths.add(0, pod.at("windowsOptions.hostProcess"));
        }
        if (!bad.isEmpty()) {
            setters.add(Texts.containers(bad));
        }
        return setters.isEmpty() ? Result.ALLOWED : Result.forbidden("hostProcess",
                String.join(" and ", setters) + " must not set securityContext.windowsOptions.hostProcess=true", paths);
    }
}
