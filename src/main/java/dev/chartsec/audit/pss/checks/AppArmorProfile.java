package dev.chartsec.audit.pss.checks;

import static dev.chartsec.audit.pss.Check.since;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.audit.pss.PodView;
import dev.chartsec.audit.pss.Result;

/**
 * The AppArmor profile may only be the runtime default or a localhost one: the type fields RuntimeDefault or
 * Localhost, the deprecated annotations runtime/default, localhost/* or empty.
 */
public final class AppArmorProfile {
    static final String ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

    private AppArmorProfile() {
    }

    public static Check check() {
        return new Check("appArmorProfile", Level.BASELINE, "The AppArmor profile must be RuntimeDefault or Localhost",
                List.of(since(0, AppArmorProfile::v1_0)));
    }

    static boolean allowedType(String type) {
        return type.equals("RuntimeDefault") || type.equals("Localhost");
    }

    static boolean allowedAnnotation(String value) {
        return value.isEmpty() || value.equals("runtime/default") || value.startsWith("localhost/");
    }

    static Result v1_0(PodView pod) {
        List<String> setters = new ArrayList<>();
        TreeSet<String> values = new TreeSet<>();
        List<String> paths = new ArrayList<>();
        if (pod.securityContext() != null && pod.securityContext().appArmorProfile() != null
                && !allowedType(pod.securityContext().appArmorProfile().type())) {
            setters.add("pod");
            values.add(pod.securityContext().appArmorProfile().type());
            paths.add(pod.at("appArmorProfile.type"));
        }
        List<String> bad = new ArrayList<>();
        for (PodView.Container c : pod.containers()) {
            if (c.securityContext() != null && c.securityContext().appArmorProfile() != null
                    && !allowedType(c.securityContext().appArmorProfile().type())) {
                bad.add(c.name());
                values.add(c.securityContext().appArmorProfile().type());
                paths.add(c.at("appArmorProfile.type"));
            }
        }
        if (!bad.isEmpty()) {
            setters.add(Texts.containers(bad));
        }
        List<String> valueList = new ArrayList<>(values);
        TreeSet<String> annotations = new TreeSet<>();
        for (Map.Entry<String, String> a : pod.annotations().entrySet()) {
            if (a.getKey().startsWith(ANNOTATION_PREFIX) && !allowedAnnotation(a.getValue())) {
                annotations.add(a.getKey() + "=\"" + a.getValue() + "\"");
                paths.add(pod.annotationsPath() + "['" + a.getKey() + "']");
            }
        }
        if (!annotations.isEmpty()) {
            valueList.addAll(annotations);
            setters.add(Texts.pluralize("annotation", "annotations", annotations.size()));
        }
        return setters.isEmpty() ? Result.ALLOWED : Result.forbidden(
                Texts.pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", valueList.size()),
                String.join(" and ", setters) + " must not set AppArmor profile type to " + Texts.joinQuote(valueList), paths);
    }
}
