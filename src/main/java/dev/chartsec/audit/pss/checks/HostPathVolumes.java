package dev.chartsec.audit.pss.checks;

import static dev.chartsec.audit.pss.Check.since;

import java.util.ArrayList;
import java.util.List;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.audit.pss.PodView;
import dev.chartsec.audit.pss.Result;

/** hostPath volumes. Allowed: unset. (Replaced by restrictedVolumes at restricted.) */
public final class HostPathVolumes {
    public static final String ID = "hostPathVolumes";

    private HostPathVolumes() {
    }

    public static Check check() {
        return new Check(ID, Level.BASELINE, "Pods must not mount hostPath volumes", List.of(since(0, HostPathVolumes::v1_0)));
    }

    static Result v1_0(PodView pod) {
        List<String> bad = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (PodView.Volume v : pod.volumes()) {
            if (v.sources().contains("hostPath")) {
                bad.add(v.name());
                paths.add(v.path() + ".hostPath");
            }
        }
        return bad.isEmpty() ? Result.ALLOWED : Result.forbidden("hostPath volumes",
                Texts.pluralize("volume", "volumes", bad.size()) + " " + Texts.joinQuote(bad), paths);
    }
}
