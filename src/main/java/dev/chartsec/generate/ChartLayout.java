package dev.chartsec.generate;

import java.util.List;

/** The files of a generated chart: where each comes from in {@code templates/chart/} and how it is escaped. */
final class ChartLayout {
    record Entry(String path, String template, String contentType) {
    }

    static final String VALUES = "chart/values.yaml";
    static final String README = "chart/README.md";
    static final String ANSWERS = "chart/answers.yaml";
    static final String SCHEMA = "chart/values.schema.json";
    static final String CHART = "chart/Chart.yaml";

    static final List<Entry> ENTRIES = List.of(
            new Entry("Chart.yaml", CHART, ChartTemplates.YAML),
            new Entry("values.yaml", VALUES, ChartTemplates.YAML),
            new Entry("values.schema.json", SCHEMA, ChartTemplates.JSON),
            new Entry(".helmignore", "chart/helmignore", ChartTemplates.HELM),
            new Entry("README.md", README, ChartTemplates.MARKDOWN),
            new Entry(".chartsec/answers.yaml", ANSWERS, ChartTemplates.YAML),
            helm("_helpers.tpl"),
            helm("NOTES.txt"),
            helm("_pod.tpl"),
            helm("workload.yaml"),
            helm("service.yaml"),
            helm("service-headless.yaml"),
            helm("serviceaccount.yaml"),
            helm("role.yaml"),
            helm("rolebinding.yaml"),
            helm("configmap.yaml"),
            helm("pvc.yaml"),
            helm("secret.yaml"),
            helm("externalsecret.yaml"),
            helm("networkpolicy.yaml"),
            helm("namespace.yaml"),
            helm("pdb.yaml"),
            helm("ingress.yaml"),
            helm("certificate.yaml"),
            helm("httproute.yaml"),
            helm("hpa.yaml"),
            helm("monitor.yaml"),
            helm("extra-objects.yaml"),
            helm("tests/test-connection.yaml"));

    private static Entry helm(String name) {
        return new Entry("templates/" + name, "chart/templates/" + name, ChartTemplates.HELM);
    }

    private ChartLayout() {
    }
}
