package dev.chartsec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.chartsec.generate.InstallCommand;
import dev.chartsec.generate.JsonText;
import dev.chartsec.option.ChartSpec;
import dev.chartsec.option.OptionCatalog;

/** What `chartsec new` prints after writing: the files, what to run next, and how to repeat it without questions. */
final class NextSteps {
    /** The namespace placeholder in the printed commands. */
    static final String NAMESPACE = "NAMESPACE";

    private NextSteps() {
    }

    static void print(PrintWriter out, ChartSpec chart, OptionCatalog catalog, Path dir, List<String> written) {
        String name = chart.text("chart.name");
        out.println("Wrote chart " + name + " to " + dir + " (" + written.size() + " files):");
        written.forEach(f -> out.println("  " + f));
        out.println();
        out.println("Next steps:");
        out.println("  " + InstallCommand.lint(dir.toString()));
        out.println("  " + InstallCommand.install(chart, name, dir.toString(), NAMESPACE));
        out.println("  " + InstallCommand.test(name, NAMESPACE));
        if (chart.flag("namespace.create")) {
            out.println("(Helm 3 needs the namespace made for the release first: see Install in " + dir.resolve("README.md") + ")");
        }
        Map<String, Object> chosen = chart.chosen(catalog);
        out.println();
        out.println("The same chart without questions:");
        StringBuilder command = new StringBuilder("  chartsec new " + name + " --no-input");
        chosen.forEach((id, value) -> {
            if (!id.equals("chart.name")) {
                command.append(" --set ").append(InstallCommand.shellWord(id + "=" + (value instanceof String s ? s : JsonText.write(value))));
            }
        });
        out.println(command);
        out.println("or through the REST service (chartsec serve):");
        out.println("  curl -fsS -X POST http://localhost:8080/api/v1/charts -H 'Content-Type: application/json' -d "
                + InstallCommand.shellWord(JsonText.write(chosen)) + " -o " + name + ".zip");
        out.flush();
    }

}
