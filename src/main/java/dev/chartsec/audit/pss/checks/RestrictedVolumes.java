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

/**
 * Restricted allows only these volume sources; a volume is allowed when it sets any of them (as upstream),
 * and a volume that sets no source the API knows is of an unknown type, and refused.
 */
public final class RestrictedVolumes {
    public static final Set<String> ALLOWED = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image",
            "persistentVolumeClaim", "projected", "secret");

    private RestrictedVolumes() {
    }

    public static Check check() {
        return new Check("restrictedVolumes", Level.RESTRICTED,
                "Volumes must be configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret",
                List.of(since(0, RestrictedVolumes::v1_0, HostPathVolumes.ID)));
    }

    static Result v1_0(PodView pod) {
        List<String> bad = new ArrayList<>();
        TreeSet<String> types = new TreeSet<>();
        List<String> paths = new ArrayList<>();
        for (PodView.Volume v : pod.volumes()) {
            if (v.sources().stream().anyMatch(ALLOWED::contains)) {
                continue;
            }
            bad.add(v.name());
            String type = v.sources().isEmpty() ? "unknown" : v.sources().get(0);
            types.add(type);
            paths.add(v.sources().isEmpty() ? v.path() : v.path() + "." + type);
        }
        return bad.isEmpty() ? Result.ALLOWED : Result.forbidden("restricted volume types",
                Texts.pluralize("volume", "volumes", bad.size()) + " " + Texts.joinQuote(bad) + " "
                        + Texts.pluralize("uses", "use", bad.size()) + " "
                        + Texts.pluralize("restricted volume type", "restricted volume types", types.size()) + " "
                        + Texts.joinQuote(types), paths);
    }
}
