package dev.chartsec.audit;

import java.nio.file.Path;

import com.marcnuri.helm.Helm;

/** `helm template` in-process (helm-java, Helm 3), loaded only when a chart is audited. */
final class HelmRender {
    /** The Kubernetes version charts are rendered for. */
    static final String KUBE_VERSION = "1.35.0";

    private HelmRender() {
    }

    /** The platform whose Helm native library this build carries (helm-java publishes only it to the registry here). */
    static final String NATIVE_PLATFORM = "linux/amd64";

    /** This machine as os/arch, in Go's words (linux/amd64, darwin/arm64). */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(java.util.Locale.ROOT);
        String goOs = os.startsWith("linux") ? "linux" : os.startsWith("mac") || os.startsWith("darwin") ? "darwin"
                : os.startsWith("windows") ? "windows" : os;
        String goArch = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return goOs + "/" + goArch;
    }

    static String template(Path chart, Targets.Render render) {
        // Elsewhere helm-java would load a library of another platform, or fetch one from the network at run
        // time; an audit stays offline and says what to do instead.
        if (!platform().equals(NATIVE_PLATFORM)) {
            throw new Targets.BadTarget(chart + ": rendering a chart in-process needs Helm's native library, which this build"
                    + " carries for " + NATIVE_PLATFORM + " only (this machine is " + platform() + "); render it with Helm and pipe it in:"
                    + " helm template RELEASE " + chart + " | chartsec audit -");
        }
        try {
            var command = new Helm(chart).template().withName("audit").withNamespace(render.namespace())
                    .withKubeVersion(KUBE_VERSION);
            render.valuesFiles().forEach(command::withValuesFile);
            render.sets().forEach(command::set);
            return command.call();
        } catch (IllegalStateException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().strip().lines().findFirst().orElse("");
            throw new Targets.BadTarget(chart + ": the chart does not render: " + message);
        }
    }
}
