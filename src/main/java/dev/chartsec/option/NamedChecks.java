package dev.chartsec.option;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.chartsec.rules.SecurityRules;

/**
 * The rules a pattern cannot say, each named by an option's {@code check} in the catalog. A catalog entry
 * naming an unknown check fails the catalog's own test.
 */
public final class NamedChecks {
    public static final Set<String> NAMES = Set.of("not-secret-like", "cidr", "quantity-positive",
            "rbac-least-privilege", "peer-has-one-source", "free-label-key", "free-annotation-key", "manifest", "cron-schedule");

    private NamedChecks() {
    }

    static void apply(String check, Option o, String path, Object value, List<Violation> out) {
        switch (check) {
            case "not-secret-like" -> {
                if (SecurityRules.SECRET_LIKE.matcher((String) value).matches()) {
                    out.add(new Violation(path, value, "looks like a secret, so it cannot have a plain value",
                            "declare it under secrets (secrets.mode and secrets.keys) instead"));
                }
            }
            case "cidr" -> {
                String s = (String) value;
                if (!s.isEmpty() && Cidr.parse(s) == null) {
                    out.add(new Violation(path, s, "is not a network in CIDR form with no host bits set",
                            o.allowedText()));
                }
            }
            case "quantity-positive" -> {
                if (Quantity.parse((String) value).compareTo(BigDecimal.ZERO) <= 0) {
                    out.add(new Violation(path, value, "must be more than zero", o.allowedText()));
                }
            }
            case "free-label-key" -> {
                if (SecurityRules.CHART_LABEL_KEYS.contains((String) value)) {
                    out.add(new Violation(path, value, "is a label the chart sets itself (selectors use it)",
                            "any other label key; the chart's own are " + String.join(", ", SecurityRules.CHART_LABEL_KEYS)));
                }
            }
            case "free-annotation-key" -> {
                String why = SecurityRules.reservedAnnotation((String) value);
                if (why != null) {
                    out.add(new Violation(path, value, "is refused: " + why, "any annotation key outside "
                            + String.join(", ", SecurityRules.RESERVED_ANNOTATION_PREFIXES.keySet())));
                }
            }
            case "manifest" -> {
                if (Manifest.read((String) value) instanceof Manifest.Refused r) {
                    out.add(new Violation(path, null, r.problem(), o.allowedText()));
                }
            }
            case "cron-schedule" -> {
                String why = CronSchedule.problem((String) value);
                if (why != null) {
                    out.add(new Violation(path, value, why, o.allowedText()));
                }
            }
            case "rbac-least-privilege" -> rbac(path, value, out);
            case "peer-has-one-source" -> peers(path, value, out);
            default -> throw new IllegalStateException("unknown check '" + check + "' on " + o.id());
        }
    }

    @SuppressWarnings("unchecked")
    private static void rbac(String path, Object value, List<Violation> out) {
        List<Map<String, Object>> rules = (List<Map<String, Object>>) value;
        for (int i = 0; i < rules.size(); i++) {
            Map<String, Object> rule = rules.get(i);
            String rulePath = path + "[" + i + "]";
            List<String> resources = (List<String>) rule.get("resources");
            List<String> verbs = (List<String>) rule.get("verbs");
            List<String> names = (List<String>) rule.get("resourceNames");
            if (resources.isEmpty() || verbs.isEmpty() || ((List<?>) rule.get("apiGroups")).isEmpty()) {
                out.add(new Violation(rulePath, null, "needs at least one apiGroup, resource and verb",
                        "for example {apiGroups: [\"\"], resources: [configmaps], verbs: [get]}"));
            }
            for (String r : resources) {
                if (SecurityRules.DANGEROUS_RESOURCES.contains(r)) {
                    out.add(new Violation(rulePath + ".resources", r,
                            "grants a shell, a tunnel or tokens inside other workloads",
                            "resources other than " + String.join(", ", SecurityRules.DANGEROUS_RESOURCES)));
                }
            }
            if (SecurityRules.grantsSecretsWidely(resources, verbs, names)) {
                out.add(new Violation(rulePath, null, "grants secrets too widely", SecurityRules.secretsRuleText()));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void peers(String path, Object value, List<Violation> out) {
        List<Map<String, Object>> peers = (List<Map<String, Object>>) value;
        for (int i = 0; i < peers.size(); i++) {
            Map<String, Object> p = peers.get(i);
            boolean byPods = !((String) p.get("namespace")).isEmpty() || !((Map<?, ?>) p.get("podLabels")).isEmpty();
            boolean byCidr = !((String) p.get("cidr")).isEmpty();
            if (byPods == byCidr) {
                out.add(new Violation(path + "[" + i + "]", null,
                        byPods ? "names both pods and a CIDR" : "names no source",
                        "either a namespace and/or podLabels, or a cidr"));
            }
        }
    }
}
