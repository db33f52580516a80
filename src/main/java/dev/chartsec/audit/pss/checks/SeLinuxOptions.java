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

/** The SELinux type only from an allowed set (container_engine_t from v1.31); no custom user or role. */
public final class SeLinuxOptions {
    static final Set<String> TYPES_1_0 = Set.of("", "container_t", "container_init_t", "container_kvm_t");
    static final Set<String> TYPES_1_31 = Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

    private SeLinuxOptions() {
    }

    public static Check check() {
        return new Check("seLinuxOptions", Level.BASELINE, "SELinux options must not set a user, a role or a custom type",
                List.of(since(0, pod -> evaluate(pod, TYPES_1_0)), since(31, pod -> evaluate(pod, TYPES_1_31))));
    }

    static Result evaluate(PodView pod, Set<String> allowedTypes) {
        List<String> setters = new ArrayList<>();
        TreeSet<String> badTypes = new TreeSet<>();
        boolean[] userRole = new boolean[2];
        List<String> paths = new ArrayList<>();
        if (pod.securityContext() != null && pod.securityContext().seLinuxOptions() != null
                && !valid(pod.securityContext().seLinuxOptions(), allowedTypes, badTypes, userRole)) {
            setters.add("pod");
            paths.add(pod.at("seLinuxOptions"));
        }
        List<String> bad = new ArrayList<>();
        for (PodView.Container c : pod.containers()) {
            if (c.securityContext() != null && c.securityContext().seLinuxOptions() != null
                    && !valid(c.securityContext().seLinuxOptions(), allowedTypes, badTypes, userRole)) {
                bad.add(c.name());
                paths.add(c.at("seLinuxOptions"));
            }
        }
        if (!bad.isEmpty()) {
            setters.add(Texts.containers(bad));
        }
        if (setters.isEmpty()) {
            return Result.ALLOWED;
        }
        List<String> data = new ArrayList<>();
        if (!badTypes.isEmpty()) {
            data.add(Texts.pluralize("type", "types", badTypes.size()) + " " + Texts.joinQuote(badTypes));
        }
        if (userRole[0]) {
            data.add("user may not be set");
        }
        if (userRole[1]) {
            data.add("role may not be set");
        }
        return Result.forbidden("seLinuxOptions", String.join(" and ", setters)
                + " set forbidden securityContext.seLinuxOptions: " + String.join("; ", data), paths);
    }

    private static boolean valid(PodView.SeLinux o, Set<String> allowedTypes, Set<String> badTypes, boolean[] userRole) {
        boolean valid = true;
        if (!allowedTypes.contains(o.type())) {
            valid = false;
            badTypes.add(o.type());
        }
        if (!o.user().isEmpty()) {
            valid = false;
            userRole[0] = true;
        }
        if (!o.role().isEmpty()) {
            valid = false;
            userRole[1] = true;
        }
        return valid;
    }
}
