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
import dev.chartsec.wizard.Console;
import dev.chartsec.wizard.Wizard;
import dev.chartsec.wizard.WizardAborted;
import dev.chartsec.write.DestinationNotEmptyException;
import dev.chartsec.write.DirectoryWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "new", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Writes a new secure-by-default Helm chart.",
                "Without --defaults, --answers or --no-input it asks the questions that are not answered yet",
                "(on a terminal with line editing and completion; otherwise one answer per line of input).",
                "Answers come from --answers, then --set, then NAME. See `chartsec options` for every option."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:chart written", "1:internal or I/O error", "2:invalid input (every problem is listed)",
                "130:interrupted or not confirmed (nothing written)"},
        footerHeading = "%nExamples:%n",
        footer = {"  chartsec new                      ask everything",
                "  chartsec new shop --defaults",
                "  chartsec new shop --no-input --set image.repository=ghcr.io/acme/shop --set image.tag=1.4.2 -o charts/shop",
                "  chartsec new --answers charts/shop/.chartsec/answers.yaml -o charts/shop --force"})
public class NewCommand implements Callable<Integer> {
    static final int ABORTED = 130;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The chart's name (chart.name).")
    String name;

    @Option(names = "--defaults", description = "Ask nothing: every option not answered takes its default.")
    boolean defaults;

    @Option(names = "--no-input", description = "Ask nothing; fail listing every required answer that is missing.")
    boolean noInput;

    @Option(names = "--answers", paramLabel = "FILE", description = "A YAML file of answers (option id: value), such as a chart's .chartsec/answers.yaml; asks nothing.")
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
            if (output != null) {
                DirectoryWriter.checkDestination(output, force); // before any question or work
            }
            ChartSpec chart = chartSpec(catalog);
            Path dir = destination(chart.text("chart.name"));
            DirectoryWriter.checkDestination(dir, force);
            ChartFiles files = new ChartGenerator(catalog).generate(chart);
            for (Warning w : chart.warnings()) {
                err.println("warning: " + w.text());
            }
            List<String> written = DirectoryWriter.forCommandLine().write(files, dir, force);
            NextSteps.print(out, chart, catalog, dir, written);
            return ExitCodes.OK;
        } catch (InvalidAnswersException e) {
            err.println("chartsec new: " + e.violations().size() + " invalid answer(s):");
            for (Violation v : e.violations()) {
                err.println("  " + v.message());
            }
            List<String> missing = e.violations().stream().filter(v -> v.problem().equals("an answer is required"))
                    .map(v -> "--set " + v.option() + "=VALUE").toList();
            if (!missing.isEmpty()) {
                err.println("For example: chartsec new " + (name == null ? "NAME " : name + " ") + "--no-input " + String.join(" ", missing));
            }
            return ExitCodes.INVALID_INPUT;
        } catch (DestinationNotEmptyException e) {
            err.println("chartsec new: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        } catch (WizardAborted e) {
            err.println();
            err.println("chartsec new: stopped (" + e.getMessage() + "); nothing was written.");
            return ABORTED;
        } catch (UncheckedIOException e) {
            err.println("chartsec new: " + e.getMessage());
            return ExitCodes.INTERNAL_ERROR;
        }
    }

    private ChartSpec chartSpec(OptionCatalog catalog) {
        Map<String, Object> answers = answers(catalog);
        if (defaults || noInput || answersFile != null) {
            return new AnswerValidator(catalog).validate(answers);
        }
        try (Console console = Console.system()) {
            return new Wizard(catalog, console).run(answers,
                    chosen -> DirectoryWriter.checkDestination(destination(chosen), force));
        }
    }

    private Path destination(String chartName) {
        return output != null ? output : Path.of(chartName);
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
