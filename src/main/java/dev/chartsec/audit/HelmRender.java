package dev.chartsec.audit;

import java.nio.file.Path;

import com.marcnuri.helm.Helm;

/** `helm template` in-process (helm-java, Helm 3), loaded only when a chart is audited. */
final class HelmRender {
    /** The Kubernetes version charts are rendered for. */
    static final String KUBE_VERSION = "1.35.0";

    private HelmRender() {
    }

    static String template(Path chart, Targets.Render render) {
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
