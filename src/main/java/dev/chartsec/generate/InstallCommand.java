package dev.chartsec.generate;

import java.util.List;

import dev.chartsec.option.ChartSpec;

/**
 * The Helm commands chartsec prints for a chart, built once for the chart's README and for what
 * `chartsec new` prints after writing, and run by the tests exactly as printed.
 */
public final class InstallCommand {
    private InstallCommand() {
    }

    public static String lint(String chart) {
        return "helm lint --strict " + shellWord(chart);
    }

    /**
     * {@code helm install} with what the answers need: {@code --create-namespace}, and one {@code --set-file}
     * per key of a chart-made Secret. Helm's --set path splits at dots, so a dot in a key is escaped
     * (secrets.values.tls\\.crt), and the argument is quoted so the shell keeps the backslash. When the chart
     * makes its own Namespace, Helm 4 takes the namespace it created into the release (server-side apply) and
     * labels it; Helm 3 cannot, and needs {@link #helm3Namespace} instead.
     */
    public static String install(ChartSpec spec, String release, String chart, String namespace) {
        return installWithout(spec, release, chart, namespace) + " --create-namespace" + setFiles(spec);
    }

    /**
     * Helm 3's install of a chart that makes its own Namespace: Helm 3 refuses to take over an object it did not
     * create, and keeps the release's record in the namespace, so the namespace is made first with the ownership
     * metadata Helm 3 adopts, then the chart is installed into it.
     */
    public static List<String> helm3Namespace(ChartSpec spec, String release, String chart, String namespace) {
        String ns = shellWord(namespace);
        return List.of("kubectl create namespace " + ns,
                "kubectl label namespace " + ns + " app.kubernetes.io/managed-by=Helm",
                "kubectl annotate namespace " + ns + " " + shellWord("meta.helm.sh/release-name=" + release) + " "
                        + shellWord("meta.helm.sh/release-namespace=" + namespace),
                installWithout(spec, release, chart, namespace) + setFiles(spec));
    }

    private static String installWithout(ChartSpec spec, String release, String chart, String namespace) {
        return "helm install " + shellWord(release) + ' ' + shellWord(chart) + " --namespace " + shellWord(namespace);
    }

    private static String setFiles(ChartSpec spec) {
        StringBuilder sb = new StringBuilder();
        if ("chart".equals(spec.text("secrets.mode"))) {
            for (String key : spec.<String>list("secrets.keys")) {
                sb.append(" --set-file ").append(shellWord("secrets.values." + key.replace(".", "\\.") + "=./" + key));
            }
        }
        return sb.toString();
    }

    public static String test(String release, String namespace) {
        return "helm test " + shellWord(release) + " --namespace " + shellWord(namespace);
    }

    /** A word as a POSIX shell reads it back unchanged: bare when it is plain, else in single quotes. */
    public static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_./:=@,+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
