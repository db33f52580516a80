package dev.chartsec.cli;

import java.util.concurrent.Callable;

import dev.chartsec.api.BackstageTemplate;
import dev.chartsec.option.OptionCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "backstage-template", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Prints chartsec's Backstage software template, its form made from this version's option catalog "
                + "(integrations/backstage/template.yaml is its output).")
public class BackstageTemplateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(BackstageTemplate.render(OptionCatalog.standard()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
