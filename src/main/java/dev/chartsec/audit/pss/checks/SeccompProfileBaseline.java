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
 * A seccomp profile, where set, must be the runtime default or a localhost one: before v1.19 in the alpha
 * annotations (runtime/default, docker/default, localhost/*), from v1.19 in the type fields.
 */
public final class SeccompProfileBaseline {
    public static final String ID = "seccompProfile_baseline";
    static final String POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
    static final String CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

    private SeccompProfileBaseline() {
    }

    public static Check check() {
        return new Check(ID, Level.BASELINE, "The seccomp profile, where set, must be RuntimeDefault or Localhost",
                List.of(since(0, SeccompProfileBaseline::v1_0), since(19, SeccompProfileBaseline::v1_19)));
    }

    static boolean validType(String type) {
        return type.equals("RuntimeDefault") || type.equals("Localhost");
    }

    static boolean validAnnotation(String value) {
        return value.equals("runtime/default") || value.equals("docker/default") || value.startsWith("localhost/");
    }

    static Result v1_0(PodView pod) {
        TreeSet<String> forbidden = new TreeSet<>();
        List<String> paths = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        keys.add(POD_ANNOTATION);
        pod.containers().forEach(c -> keys.add(CONTAINER_ANNOTATION_PREFIX + c.name()));
        for (String key : keys) {
            String value = pod.annotations().get(key);
            if (value != null && !validAnnotation(value) && forbidden.add(key + "=\"" + value + "\"")) {
                paths.add(pod.annotationsPath() + "['" + key + "']");
            }
        }
        return forbidden.isEmpty() ? Result.ALLOWED : Result.forbidden("seccompProfile", "forbidden "
                + Texts.pluralize("annotation", "annotations", forbidden.size()) + " " + String.join(", ", forbidden), paths);
    }

    static Result v1_19(PodView pod) {
        List<String> setters = new ArrayList<>();
        TreeSet<String> values = new TreeSet<>();
        List<String> paths = new ArrayList<>();
        if (pod.securityContext() != null && pod.securityContext().seccompProfile() != null
                && !validType(pod.securityContext().seccompProfile().type())) {
            setters.add("pod");
            values.add(pod.securityContext().seccompProfile().type());
            paths.add(pod.at("seccompProfile.type"));
        }
        List<String> bad = new ArrayList<>();
        for (PodView.Container c : pod.containers()) {
            if (c.securityContext() != null && c.securityContext().seccompProfile() != null
                    && !validType(c.securityContext().seccompProfile().type())) {
                bad.add(c.name());
                values.add(c.securityContext().seccompProfile().type());
                paths.add(c.at("seccompProfile.type"));
            }
        }
        if (!bad.isEmpty()) {
            setters.add(Texts.containers(bad));
        }
        return setters.isEmpty() ? Result.ALLOWED : Result.forbidden("seccompProfile", String.join(" and ", setters)
                + " must not set securityContext.seccompProfile.type to " + Texts.joinQuote(values), paths);
    }
}
