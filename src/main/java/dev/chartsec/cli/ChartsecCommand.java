package dev.chartsec.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(name = "chartsec", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Writes complete, secure-by-default Helm charts.",
        subcommands = {NewCommand.class, OptionsCommand.class, AuditCommand.class, ServeCommand.class, BackstageTemplateCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:internal error", "2:invalid input (every problem is listed)"})
public class ChartsecCommand {
}
