package dev.chartsec.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.marcnuri.helm.LintResult;

/**
 * Real Helm for tests: Helm 3 in-process (helm-java) and the Helm 3 and 4 CLIs that
 * tools/install-helm.sh puts in .tools/ (the Maven build runs it before the tests).
 */
public final class Helm {
    /** The Kubernetes version charts are rendered for; the same as the model KubeModelValidator checks against. */
    public static final String KUBE_VERSION = "1.35.0";
    public static final Path TOOLS = Path.of(System.getProperty("chartsec.tools", ".tools")).toAbsolutePath();

    private Helm() {
    }

    /** helm lint --strict, in-process (Helm 3 embedded by helm-java). */
    public static LintResult lintInProcess(Path chart) {
        return new com.marcnuri.helm.Helm(chart).lint().strict().call();
    }

    /** helm template, in-process, with --set values (values are set as strings). */
    public static String templateInProcess(Path chart, String release, String namespace, Map<String, String> sets) {
        var command = new com.marcnuri.helm.Helm(chart).template().withName(release).withNamespace(namespace)
                .withKubeVersion(KUBE_VERSION);
        sets.forEach(command::set);
        return command.call();
    }

    /** Runs a Helm CLI from .tools ("helm3" or "helm4"). */
    public static Processes.Result cli(String helm, String... args) {
        Path binary = TOOLS.resolve(helm);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: run tools/install-helm.sh (the Maven build does)");
        }
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        return Processes.run(command);
    }

    /** Parses a rendered multi-document stream; duplicate keys are an error. Empty documents are dropped. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> documents(String rendered) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(50 * 1024 * 1024);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(options)).loadAll(rendered)) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }
}
