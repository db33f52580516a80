package dev.chartsec.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * chartsec's own security rules, each declared once: the generator's validation, the option catalog's help,
 * the chart's values and README, the audit checklist and the tests all read them from here.
 */
public final class SecurityRules {
    /**
     * Names that Polaris and kube-linter take for secrets when they carry a literal value; in a syntax Go's RE2
     * reads too, as values.schema.json uses it under Helm.
     */
    public static final Pattern SECRET_LIKE = Pattern.compile(
            "(?i).*(passw(or)?d|passwd|pwd|secret|token|api_?key|private_?key|credential|auth_?key|access_?key).*");

    /** RBAC resources that hand out a shell, a tunnel or credentials inside other workloads, sorted. */
    public static final List<String> DANGEROUS_RESOURCES = List.of("nodes/proxy", "pods/attach", "pods/exec",
            "pods/portforward", "serviceaccounts/token");

    /** RBAC verbs that step around RBAC itself, sorted. */
    public static final List<String> DANGEROUS_VERBS = List.of("bind", "escalate", "impersonate");

    /** The RBAC wildcard, refused in apiGroups, resources and verbs. */
    public static final String WILDCARD = "*";

    /** The only verb a rule on secrets may grant, and only with resourceNames. */
    public static final String SECRETS_VERB = "get";

    /** The private networks an "internet" egress rule must never open. */
    public static final List<String> PRIVATE_RANGES = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");

    /** The cloud metadata address, where a node's credentials are served. */
    public static final String METADATA_ADDRESS = "169.254.169.254/32";

    /** What an egress rule to 0.0.0.0/0 must except: the private ranges and the metadata address. */
    public static final List<String> INTERNET_EXCEPT = Stream.concat(PRIVATE_RANGES.stream(), Stream.of(METADATA_ADDRESS)).toList();

    /** The labels the chart sets itself, selectors among them: a user's labels may not take them over. */
    public static final List<String> CHART_LABEL_KEYS = List.of("app.kubernetes.io/component", "app.kubernetes.io/instance",
            "app.kubernetes.io/managed-by", "app.kubernetes.io/name", "app.kubernetes.io/version", "helm.sh/chart");

    /** Annotation key prefixes a user's annotations may not use, each with why. */
    public static final Map<String, String> RESERVED_ANNOTATION_PREFIXES = reservedAnnotations();

    private SecurityRules() {
    }

    private static Map<String, String> reservedAnnotations() {
        Map<String, String> m = new LinkedHashMap<>();
        String profile = "sets a security profile that Pod Security judges; the chart's securityContext decides it";
        m.put("container.apparmor.security.beta.kubernetes.io/", profile);
        m.put("seccomp.security.alpha.kubernetes.io/", profile);
        m.put("container.seccomp.security.alpha.kubernetes.io/", profile);
        m.put("helm.sh/", "Helm reads it (hooks, resource policy) and would change how the release is installed");
        m.put("meta.helm.sh/", "it is Helm's ownership record");
        m.put("checksum/", "the chart sets checksum/config itself, so that a configuration change rolls the pods");
        String exemption = "it exempts an object from a scanner; chartsec writes those itself, only where the values force them";
        m.put("checkov.io/", exemption);
        m.put("kube-score/", exemption);
        m.put("polaris.fairwinds.com/", exemption);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Why an annotation key is refused, or null when it may be used. */
    public static String reservedAnnotation(String key) {
        for (Map.Entry<String, String> e : RESERVED_ANNOTATION_PREFIXES.entrySet()) {
            if (key.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A pattern (Java and Go RE2 alike) matching the reserved label keys, for values.schema.json ({@code not}). */
    public static String chartLabelKeysPattern() {
        return "^(" + String.join("|", CHART_LABEL_KEYS.stream().map(SecurityRules::literal).toList()) + ")$";
    }

    /** A pattern (Java and Go RE2 alike) matching the reserved annotation prefixes, for values.schema.json ({@code not}). */
    public static String reservedAnnotationsPattern() {
        return "^(" + String.join("|", RESERVED_ANNOTATION_PREFIXES.keySet().stream().map(SecurityRules::literal).toList()) + ")";
    }

    /** A key as a pattern: keys hold only letters, digits, '-', '/' and '.', of which '.' alone is special. */
    private static String literal(String key) {
        return key.replace(".", "\\.");
    }

    /**
     * Whether an RBAC rule on secrets grants more than {@code get} on named secrets (false for a rule that does
     * not name secrets).
     */
    public static boolean grantsSecretsWidely(List<?> resources, List<?> verbs, List<?> resourceNames) {
        boolean secrets = resources.contains("secrets") || resources.contains(WILDCARD);
        return secrets && (resourceNames.isEmpty() || !verbs.equals(List.of(SECRETS_VERB)));
    }

    /** The rule on secrets in words, for help texts and findings. */
    public static String secretsRuleText() {
        return "secrets only with resourceNames and only the verb " + SECRETS_VERB;
    }

    /** The exceptions of the internet rule in words ("10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 and 169.254.169.254"). */
    public static String internetExceptText() {
        return String.join(", ", PRIVATE_RANGES) + " and " + METADATA_ADDRESS.replace("/32", "");
    }

    /** The dangerous resources and verbs in words, for help texts. */
    public static String rbacRefusedText() {
        return "wildcards, " + String.join(", ", DANGEROUS_RESOURCES) + ", " + String.join(", ", DANGEROUS_VERBS);
    }
}
