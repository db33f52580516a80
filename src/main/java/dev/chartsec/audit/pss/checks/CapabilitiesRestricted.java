package dev.chartsec.audit.pss.checks;

import static dev.chartsec.audit.pss.Check.since;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.audit.pss.PodView;
import dev.chartsec.audit.pss.Result;

/** Containers must drop "ALL" and may add only NET_BIND_SERVICE; Windows pods are exempt from v1.25. */
public final class CapabilitiesRestricted {
    static final String ALL = "ALL";
    static final String NET_BIND_SERVICE = "NET_BIND_SERVICE";

    private CapabilitiesRestricted() {
    }

    public static Check check() {
        return new Check("capabilities_restricted", Level.RESTRICTED, "Containers must drop ALL capabilities and add at most NET_BIND_SERVICE",
                List.of(since(22, CapabilitiesRestricted::v1_22, CapabilitiesBaseline.ID),
                        since(25, CapabilitiesRestricted::v1_25, CapabilitiesBaseline.ID)));
    }

    static Result v1_22(PodView pod) {
        List<String> missingDrop = new ArrayList<>();
        List<String> adding = new ArrayList<>();
        TreeSet<String> forbidden = new TreeSet<>();
        List<String> paths = new ArrayList<>();
        for (PodView.Container c : pod.containers()) {
            PodView.Capabilities caps = c.securityContext() == null ? null : c.securityContext().capabilities();
            if (caps == null) {
                missingDrop.add(c.name());
                paths.add(c.at("capabilities.drop"));
                continue;
            }
            if (!caps.drop().contains(ALL)) {
                missingDrop.add(c.name());
                paths.add(c.at("capabilities.drop"));
            }
            boolean addedForbidden = false;
            for (String cap : caps.add()) {
                if (!cap.equals(NET_BIND_SERVICE)) {
                    addedForbidden = true;
                    forbidden.add(cap);
                }
            }
            if (addedForbidden) {
                adding.add(c.name());
                paths.add(c.at("capabilities.add"));
            }
        }
        List<String> details = new ArrayList<>();
        if (!missingDrop.isEmpty()) {
            details.add(Texts.containers(missingDrop) + " must set securityContext.capabilities.drop=[\"ALL\"]");
        }
        if (!adding.isEmpty()) {
            details.add(Texts.containers(adding) + " must not include " + Texts.joinQuote(forbidden)
                    + " in securityContext.capabilities.add");
        }
        return details.isEmpty() ? Result.ALLOWED : Result.forbidden("unrestricted capabilities", String.join("; ", details), paths);
    }

    static Result v1_25(PodView pod) {
        return pod.isWindows() ? Result.ALLOWED : v1_22(pod);
    }
}
