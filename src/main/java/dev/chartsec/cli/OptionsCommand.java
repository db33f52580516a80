package dev.chartsec.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.chartsec.option.Option;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.option.Shown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "options", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Lists every option chartsec knows: id, type, default, what is allowed, and when it applies.")
public class OptionsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-v", "--verbose"}, description = "Also print each option's help text.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String group = null;
        for (Option o : OptionCatalog.standard().options()) {
            if (!o.group().equals(group)) {
                group = o.group();
                out.println();
                out.println("[" + group + "]");
            }
            out.printf("  %-45s %-8s default %s%n", o.id(), o.type().id(),
                    o.hasDefault() ? Shown.value(o.defaultValue()) : o.required() ? "(required)" : "(none)");
            out.println("      " + o.prompt() + ". Allowed: " + o.allowedText()
                    + (o.when().isEmpty() ? "" : ". Applies when " + o.when()));
            if (verbose && o.help() != null) {
                out.println("      " + o.help());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
