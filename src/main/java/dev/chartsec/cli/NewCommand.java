package dev.chartsec.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.chartsec.generate.ChartFiles;
import dev.chartsec.generate.ChartGenerator;
import dev.chartsec.option.AnswerValidator;
import dev.chartsec.option.AnswersFile;
import dev.chartsec.option.ChartSpec;
import dev.chartsec.option.FlagValues;
import dev.chartsec.option.InvalidAnswersException;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.option.Violation;
import dev.chartsec.option.Warning;
import dev.chartsec.write.DestinationNotEmptyException;
import dev.chartsec.write.DirectoryWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "new", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Writes a new secure-by-default Helm chart.",
                "Answers come from --answers, then --set, then NAME; every other option takes its default.",
                "See `chartsec options` for every option."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:chart written", "1:internal error", "2:invalid input (every problem is listed)"},
        footerHeading = "%nExamples:%n",
        footer = {"  chartsec new shop --defaults",
                "  chartsec new shop --set image.repository=ghcr.io/acme/shop --set image.tag=1.4.2 -o charts/shop",
                "  chartsec new --answers charts/shop/.chartsec/answers.yaml -o charts/shop --force"})
public class NewCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The chart's name (chart.name).")
    String name;

    @Option(names = "--defaults", description = "Take the default of every option not answered, without asking.")
    boolean defaults;

    @Option(names = "--answers", paramLabel = "FILE", description = "A YAML file of answers (option id: value), such as a chart's .chartsec/answers.yaml.")
    Path answersFile;

    @Option(names = "--set", paramLabel = "ID=VALUE", description = "One answer; repeatable. Lists: a,b or [a, b]; maps: k=v,k2=v2 or {k: v}.")
    List<String> sets = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where to write the chart (default: ./NAME).")
    Path output;

    @Option(names = "--force", description = "Write into a destination that is not empty, replacing the chart's files there.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OptionCatalog catalog = OptionCatalog.standard();
        try {
            ChartSpec chart = new AnswerValidator(catalog).validate(answers(catalog));
            Path dir = output != null ? output : Path.of(chart.text("chart.name"));
            DirectoryWriter.checkDestination(dir, force);
            ChartFiles files = new ChartGenerator(catalog).generate(chart);
            for (Warning w : chart.warnings()) {
                err.println("warning: " + w.text());
            }
            List<String> written = new DirectoryWriter().write(files, dir, force);
            out.println("Wrote chart " + chart.text("chart.name") + " to " + dir + " (" + written.size() + " files).");
            out.println();
            out.println("Next steps:");
            out.println("  helm lint --strict " + dir);
            out.println("  helm install " + chart.text("chart.name") + " " + dir + " --namespace NAMESPACE"
                    + (chart.flag("namespace.create") ? "" : " --create-namespace"));
            out.flush();
            return ExitCodes.OK;
        } catch (InvalidAnswersException e) {
            err.println("chartsec new: " + e.violations().size() + " invalid answer(s):");
            for (Violation v : e.violations()) {
                err.println("  " + v.message());
            }
            return ExitCodes.INVALID_INPUT;
        } catch (DestinationNotEmptyException e) {
            err.println("chartsec new: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        } catch (UncheckedIOException e) {
            err.println("chartsec new: " + e.getMessage());
            return ExitCodes.INTERNAL_ERROR;
        }
    }

    private Map<String, Object> answers(OptionCatalog catalog) {
        List<Violation> problems = new ArrayList<>();
        Map<String, Object> answers = new LinkedHashMap<>();
        if (answersFile != null) {
            answers.putAll(new AnswersFile(catalog).read(answersFile, problems));
        }
        answers.putAll(new FlagValues(catalog).parse(sets, problems));
        if (name != null) {
            answers.put("chart.name", name);
        }
        if (!problems.isEmpty()) {
            throw new InvalidAnswersException(problems);
        }
        return answers;
    }
}
