package dev.chartsec.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.chartsec.testing.Helm;
import dev.chartsec.testing.Processes;

/**
 * The scanners of SECURITY-BAR.md, run with their default rules exactly as the bar shows, their output
 * read into findings. A scanner that could not be installed here is reported as unavailable.
 */
final class Scanners {
    static final List<String> ALL = List.of("kube-score", "checkov", "kubesec", "trivy", "polaris", "kube-linter");
    static final Path TOOLS = Helm.TOOLS;
    /** Trivy names kinds in lower case in its messages. */
    static final Map<String, String> KINDS = Map.of("deployment", "Deployment", "pod", "Pod", "statefulset", "StatefulSet",
            "daemonset", "DaemonSet", "job", "Job", "cronjob", "CronJob", "replicaset", "ReplicaSet");

    private Scanners() {
    }

    /** Why a scanner is not installed, when it is not. */
    static Optional<String> unavailable(String scanner) {
        Path reason = TOOLS.resolve("unavailable").resolve(scanner);
        try {
            return Files.exists(reason) ? Optional.of(Files.readString(reason).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kube-score score FILE: every check graded CRITICAL (1) or WARNING (5). */
    @SuppressWarnings("unchecked")
    static List<Finding> kubeScore(Path rendered) {
        String json = run(List.of(TOOLS.resolve("kube-score").toString(), "score", rendered.toString(), "-o", "json"), 0, 1);
        List<Finding> findings = new ArrayList<>();
        for (Map<String, Object> object : (List<Map<String, Object>>) yaml(json)) {
            String name = kind(object) + "/" + ((Map<String, Object>) object.get("object_meta")).get("name");
            for (Map<String, Object> check : (List<Map<String, Object>>) object.get("checks")) {
                int grade = ((Number) check.get("grade")).intValue();
                if (!Boolean.TRUE.equals(check.get("skipped")) && grade < 7) {
                    String id = (String) ((Map<String, Object>) check.get("check")).get("id");
                    List<Map<String, Object>> comments = (List<Map<String, Object>>) check.get("comments");
                    String summary = comments == null || comments.isEmpty() ? "" : String.valueOf(comments.get(0).get("summary"));
                    findings.add(new Finding("kube-score", id, name, (grade == 1 ? "CRITICAL " : "WARNING ") + summary));
                }
            }
        }
        return findings;
    }

    @SuppressWarnings("unchecked")
    private static String kind(Map<String, Object> object) {
        return (String) ((Map<String, Object>) object.get("type_meta")).get("kind");
    }

    /** checkov -d DIR --framework kubernetes, once for every rendered file: failed checks by file name. */
    /** Checkov's output for a directory: failed checks, and the checks the charts' annotations skip. */
    record Checkov(Map<String, List<Finding>> failed, Map<String, List<Finding>> skipped) {
    }

    @SuppressWarnings("unchecked")
    static Checkov checkov(Path dir) {
        List<String> command = List.of(TOOLS.resolve("checkov/bin/checkov").toString(), "-d", dir.toString(),
                "--framework", "kubernetes", "-o", "json", "--compact");
        String json = run(command, 0, 1);
        int start = json.indexOf('[') < 0 ? json.indexOf('{') : json.indexOf('{') < 0 ? json.indexOf('[')
                : Math.min(json.indexOf('['), json.indexOf('{'));
        Object parsed = yaml(json.substring(start));
        List<Map<String, Object>> reports = parsed instanceof List<?> l ? (List<Map<String, Object>>) l : List.of((Map<String, Object>) parsed);
        Checkov out = new Checkov(new HashMap<>(), new HashMap<>());
        for (Map<String, Object> report : reports) {
            Map<String, Object> results = (Map<String, Object>) report.get("results");
            if (results == null) {
                continue;
            }
            collect((List<Map<String, Object>>) results.getOrDefault("failed_checks", List.of()), out.failed());
            collect((List<Map<String, Object>>) results.getOrDefault("skipped_checks", List.of()), out.skipped());
        }
        return out;
    }

    private static void collect(List<Map<String, Object>> checks, Map<String, List<Finding>> byFile) {
        for (Map<String, Object> check : checks) {
            String file = Path.of((String) check.get("file_path")).getFileName().toString();
            byFile.computeIfAbsent(file, k -> new ArrayList<>()).add(new Finding("checkov", (String) check.get("check_id"),
                    String.valueOf(check.get("resource")), String.valueOf(check.get("check_name"))));
        }
    }

    /**
     * trivy config DIR, once for every rendered file, with its embedded checks (no update, no network): failed
     * checks by file name, each on the object its message names ("Deployment 'rel-shop'").
     */
    @SuppressWarnings("unchecked")
    static Map<String, List<Finding>> trivy(Path dir) {
        String json = run(List.of(TOOLS.resolve("trivy").toString(), "config", "--skip-check-update", "--quiet", "--format", "json",
                "--cache-dir", TOOLS.resolve("trivy-cache").toString(), dir.toString()), 0);
        Map<String, Object> report = (Map<String, Object>) yaml(json);
        Map<String, List<Finding>> byFile = new HashMap<>();
        for (Map<String, Object> result : (List<Map<String, Object>>) report.getOrDefault("Results", List.of())) {
            String file = Path.of((String) result.get("Target")).getFileName().toString();
            for (Map<String, Object> m : (List<Map<String, Object>>) result.getOrDefault("Misconfigurations", List.of())) {
                if (!"FAIL".equals(m.get("Status"))) {
                    continue;
                }
                byFile.computeIfAbsent(file, k -> new ArrayList<>()).add(new Finding("trivy", String.valueOf(m.get("ID")),
                        trivyObject(String.valueOf(m.get("Message"))), m.get("Severity") + " " + m.get("Title")));
            }
        }
        return byFile;
    }

    private static final java.util.regex.Pattern[] TRIVY_OBJECT = {
        // "Container 'app' of Deployment 'rel-shop' ...", "container app of daemonset x in ns namespace ..."
        java.util.regex.Pattern.compile(" of (\\w+) '?([\\w.:-]+)'?"),
        // "Container app in deployment rel-shop (namespace: shop-ns) ..."
        java.util.regex.Pattern.compile(" in (\\w+) '?([\\w.:-]+)'?"),
        // "ClusterRole 'x' ...", "cronjob x in corpus namespace ..."
        java.util.regex.Pattern.compile("^(\\w+) '?([\\w.:-]+)'?")};

    /** The object a Trivy message is about, as Kind/name: the first pattern that names a kind of object. */
    static String trivyObject(String message) {
        for (java.util.regex.Pattern p : TRIVY_OBJECT) {
            java.util.regex.Matcher m = p.matcher(message);
            if (m.find()) {
                String kind = KINDS.getOrDefault(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(1));
                if (!kind.equalsIgnoreCase("container") && Character.isUpperCase(kind.charAt(0))) {
                    return kind + "/" + m.group(2);
                }
            }
        }
        return "?";
    }

    /** kubesec scan FILE: any critical advice, or a score of 0 or less on a kind it scores. */
    @SuppressWarnings("unchecked")
    static List<Finding> kubesec(Path rendered) {
        String json = run(List.of(TOOLS.resolve("kubesec").toString(), "scan", "--schema-location",
                TOOLS.resolve("kubesec-schemas").toString(), rendered.toString()), 0, 2);
        List<Finding> findings = new ArrayList<>();
        for (Map<String, Object> object : (List<Map<String, Object>>) yaml(json)) {
            String name = String.valueOf(object.get("object"));
            String message = String.valueOf(object.get("message"));
            if (message.contains("not supported by kubesec")) {
                continue;
            }
            if (message.contains("could not find schema for")
                    && dev.chartsec.testing.KubeModelValidator.isCustomResourceKind(name.substring(0, name.indexOf('/')))) {
                // a custom resource: kubesec's schemas are Kubernetes' own; the API server validates it against
                // its published CRD in RealClusterIT
                continue;
            }
            if (!Boolean.TRUE.equals(object.get("valid"))) {
                findings.add(new Finding("kubesec", "invalid", name, message));
                continue;
            }
            Map<String, Object> scoring = (Map<String, Object>) object.getOrDefault("scoring", Map.of());
            for (Map<String, Object> critical : (List<Map<String, Object>>) scoring.getOrDefault("critical", List.of())) {
                findings.add(new Finding("kubesec", String.valueOf(critical.get("id")), name, String.valueOf(critical.get("selector"))));
            }
            if (((Number) object.get("score")).intValue() <= 0) {
                findings.add(new Finding("kubesec", "score", name, "score " + object.get("score")));
            }
        }
        return findings;
    }

    private static Object yaml(String json) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(100 * 1024 * 1024);
        return new Yaml(new SafeConstructor(options)).load(json);
    }

    static String run(List<String> command, int... okCodes) {
        // no network here: Checkov must not try to download its guideline mapping
        Processes.Result r = Processes.run(command, null, Map.of("BC_SKIP_MAPPING", "TRUE"), "", Duration.ofMinutes(15));
        for (int ok : okCodes) {
            if (r.exitCode() == ok) {
                return r.stdout();
            }
        }
        throw new IllegalStateException(String.join(" ", command) + " exited " + r.exitCode() + ":\n" + r.output());
    }
}
