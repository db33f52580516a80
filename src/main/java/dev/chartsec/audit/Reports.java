package dev.chartsec.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.generate.JsonText;

/** Audit results as a readable table, as JSON (one entry per target), and as SARIF 2.1.0. */
public final class Reports {
    /** The findings of one target, or why it could not be audited (then error is set and findings empty). */
    public record Result(String target, List<Finding> findings, String error) {
        public Result(String target, List<Finding> findings) {
            this(target, findings, null);
        }

        public static Result failed(String target, String error) {
            return new Result(target, List.of(), error);
        }
    }

    /** Finding ids of the Pod Security checks: the prefix and the check's upstream id. */
    public static final String PSS_PREFIX = "PSS-";
    private static final String PSS_URI = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";
    private static final Map<String, Check> PSS_CHECKS = PodSecurity.REGISTRY.checks().stream()
            .collect(java.util.stream.Collectors.toMap(Check::id, c -> c));

    private Reports() {
    }

    public static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        for (Result r : results) {
            if (r.error() != null) {
                sb.append(r.target()).append(": not audited: ").append(r.error()).append('\n');
                continue;
            }
            sb.append(r.target()).append(": ").append(r.findings().size()).append(" finding(s)\n");
            for (Finding f : r.findings()) {
                sb.append(String.format("  %-7s %-34s %s %s%n", f.severity().id(), f.id(), f.object(), f.path()));
                sb.append("          found ").append(f.found()).append("; required ").append(f.required()).append('\n');
                sb.append("          fix: ").append(f.fix()).append('\n');
            }
        }
        return sb.toString();
    }

    public static String json(List<Result> results) {
        List<Object> out = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("target", r.target());
            if (r.error() != null) {
                entry.put("error", r.error());
            }
            List<Object> findings = new ArrayList<>();
            r.findings().forEach(f -> findings.add(finding(f)));
            entry.put("findings", findings);
            out.add(entry);
        }
        return JsonText.write(out) + "\n";
    }

    private static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("severity", f.severity().id());
        m.put("object", f.object());
        m.put("path", f.path());
        m.put("found", f.found());
        m.put("required", f.required());
        m.put("fix", f.fix());
        return m;
    }

    /** A SARIF rule: a Pod Security check described by the registry that evaluates it, a checklist rule by its finding. */
    private static Map<String, Object> rule(Finding f) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", f.id());
        Check check = f.id().startsWith(PSS_PREFIX) ? PSS_CHECKS.get(f.id().substring(PSS_PREFIX.length())) : null;
        if (check != null) {
            rule.put("shortDescription", Map.of("text", check.title()));
            rule.put("fullDescription", Map.of("text", "Pod Security Standards, " + check.level().id() + " level, check "
                    + check.id() + "; its rule changes at " + check.versions().stream().map(v -> "v1." + v.minor()).toList()));
            rule.put("helpUri", PSS_URI);
        } else {
            rule.put("shortDescription", Map.of("text", f.required()));
        }
        rule.put("help", Map.of("text", f.fix()));
        return rule;
    }

    public static String sarif(List<Result> results, String version) {
        Map<String, Object> rules = new TreeMap<>();
        List<Object> sarifResults = new ArrayList<>();
        for (Result r : results) {
            for (Finding f : r.findings()) {
                rules.computeIfAbsent(f.id(), id -> rule(f));
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("ruleId", f.id());
                result.put("level", switch (f.severity()) {
                    case ERROR -> "error";
                    case WARNING -> "warning";
                    case INFO -> "note";
                });
                result.put("message", Map.of("text", f.object() + " " + f.path() + ": found " + f.found() + "; required "
                        + f.required() + ". Fix: " + f.fix()));
                result.put("locations", List.of(Map.of(
                        "physicalLocation", Map.of("artifactLocation", Map.of("uri", r.target())),
                        "logicalLocations", List.of(Map.of("fullyQualifiedName", f.object() + "/" + f.path())))));
                sarifResults.add(result);
            }
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "chartsec");
        driver.put("version", version);
        driver.put("rules", new ArrayList<>(rules.values()));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        List<Object> notifications = new ArrayList<>();
        for (Result r : results) {
            if (r.error() != null) {
                notifications.add(Map.of("level", "error", "message", Map.of("text", r.error()),
                        "locations", List.of(Map.of("physicalLocation", Map.of("artifactLocation", Map.of("uri", r.target()))))));
            }
        }
        run.put("invocations", List.of(Map.of("executionSuccessful", notifications.isEmpty(), "toolExecutionNotifications", notifications)));
        run.put("results", sarifResults);
        Map<String, Object> sarif = new LinkedHashMap<>();
        sarif.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        sarif.put("version", "2.1.0");
        sarif.put("runs", List.of(run));
        return JsonText.write(sarif) + "\n";
    }
}
