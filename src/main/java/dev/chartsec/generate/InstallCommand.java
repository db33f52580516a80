package dev.chartsec.generate;

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
     * {@code helm install} with what the answers need: {@code --create-namespace} unless the chart makes its
     * own Namespace, and one {@code --set-file} per key of a chart-made Secret. Helm's --set path splits at
     * dots, so a dot in a key is escaped (secrets.values.tls\.crt), and the argument is quoted so the shell
     * keeps the backslash.
     */
    public static String install(ChartSpec spec, String release, String chart, String namespace) {
        StringBuilder sb = new StringBuilder("helm install ").append(shellWord(release)).append(' ').append(shellWord(chart))
                .append(" --namespace ").append(shellWord(namespace));
        if (!spec.flag("namespace.create")) {
            sb.append(" --create-namespace");
        }
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
