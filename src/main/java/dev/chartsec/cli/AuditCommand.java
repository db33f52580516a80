package dev.chartsec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import dev.chartsec.audit.Auditor;
import dev.chartsec.audit.Finding;
import dev.chartsec.audit.PodSecurity;
import dev.chartsec.audit.Reports;
import dev.chartsec.audit.Targets;
import dev.chartsec.audit.pss.Level;

@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Audits charts or rendered manifests: the Pod Security Standards for every pod, and chartsec's checklist.",
                "A TARGET is a chart directory, a packaged .tgz (rendered in-process like helm template), a manifest file,",
                "a folder of manifests, or - for standard input. One process audits every target."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing at or above --fail-on", "3:findings at or above --fail-on",
                "2:bad input: a target could not be read or rendered (it is reported beside the others), or bad options",
                "1:internal error"},
        footerHeading = "%nExamples:%n",
        footer = {"  chartsec audit charts/shop -n shop",
                "  helm template rel charts/shop -n shop | chartsec audit - --format sarif > chartsec.sarif",
                "  chartsec audit rendered/ --level baseline --policy-version v1.29 --format json"})
public class AuditCommand implements Callable<Integer> {
    static final int FINDINGS = 3;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TARGET", arity = "1..*", description = "Charts, manifests, folders, or - for stdin.")
    List<String> targets;

    @Option(names = "--level", defaultValue = "restricted", description = "baseline or restricted (default ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--policy-version", defaultValue = "latest", description = "v1.0 up to the newest Pod Security version chartsec knows, or latest (default).")
    String policyVersion;

    @Option(names = "--checks", defaultValue = "all", description = "pss (the standards only) or all (default).")
    String checks;

    @Option(names = "--format", defaultValue = "table", description = "table (default), json or sarif.")
    String format;

    @Option(names = "--fail-on", defaultValue = "warning", description = "error, warning (default) or info.")
    String failOn;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "The namespace charts are rendered for.")
    String namespace;

    @Option(names = "--release-name", defaultValue = "release-name", description = "The release name charts are rendered with (default ${DEFAULT-VALUE}, as helm template).")
    String releaseName;

    @Option(names = "--kube-version", defaultValue = Targets.KUBE_VERSION, description = "The Kubernetes version charts are rendered for (default ${DEFAULT-VALUE}).")
    String kubeVersion;

    @Option(names = "--api-versions", description = "An API version the chart may assume the cluster serves (Capabilities.APIVersions); repeatable.")
    List<String> apiVersions = new ArrayList<>();

    @Option(names = {"-f", "--values"}, description = "A values file for charts; repeatable.")
    List<Path> valuesFiles = new ArrayList<>();

    @Option(names = "--set", description = "A value for charts, key=value; repeatable.")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems = new ArrayList<>();
        Level lvl = switch (level) {
            case "baseline" -> Level.BASELINE;
            case "restricted" -> Level.RESTRICTED;
            default -> {
                problems.add("--level: '" + level + "' is not baseline or restricted");
                yield null;
            }
        };
        int minor = minor(policyVersion, problems);
        if (!List.of("pss", "all").contains(checks)) {
            problems.add("--checks: '" + checks + "' is not pss or all");
        }
        if (!List.of("table", "json", "sarif").contains(format)) {
            problems.add("--format: '" + format + "' is not table, json or sarif");
        }
        Finding.Severity threshold = null;
        try {
            threshold = Finding.Severity.valueOf(failOn.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("--fail-on: '" + failOn + "' is not error, warning or info");
        }
        Map<String, String> setValues = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                problems.add("--set: '" + s + "' is not key=value");
            } else {
                setValues.put(s.substring(0, eq), s.substring(eq + 1));
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("chartsec audit: " + p));
            return ExitCodes.INVALID_INPUT;
        }
        Auditor auditor = new Auditor(lvl, minor, checks.equals("all"));
        Targets.Render render = new Targets.Render(releaseName, namespace, kubeVersion, apiVersions, valuesFiles, setValues);
        List<Reports.Result> results = new ArrayList<>();
        for (String target : targets) {
            try {
                for (Targets.Loaded loaded : Targets.load(target, render, System.in, note -> err.println("chartsec audit: note: " + note))) {
                    results.add(new Reports.Result(loaded.name(), auditor.audit(loaded.objects())));
                }
            } catch (Targets.BadTarget e) {
                // reported in the output beside the others, and on stderr; the run goes on
                problems.add(e.getMessage());
                results.add(Reports.Result.failed(target, e.getMessage()));
            }
        }
        out.print(switch (format) {
            case "json" -> Reports.json(results);
            case "sarif" -> Reports.sarif(results, new Version().getVersion()[0]);
            default -> Reports.table(results);
        });
        out.flush();
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("chartsec audit: " + p));
            return ExitCodes.INVALID_INPUT;
        }
        Finding.Severity limit = threshold;
        boolean failed = results.stream().flatMap(r -> r.findings().stream()).anyMatch(f -> f.severity().ordinal() <= limit.ordinal());
        return failed ? FINDINGS : ExitCodes.OK;
    }

    static int minor(String version, List<String> problems) {
        if (version.equals("latest")) {
            return PodSecurity.LATEST_MINOR;
        }
        if (version.matches("v1\\.\\d{1,2}")) {
            int minor = Integer.parseInt(version.substring(3));
            if (minor <= PodSecurity.LATEST_MINOR) {
                return minor;
            }
        }
        problems.add("--policy-version: '" + version + "' is not v1.0 to v1." + PodSecurity.LATEST_MINOR + " or latest");
        return PodSecurity.LATEST_MINOR;
    }
}
