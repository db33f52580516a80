package dev.chartsec.cli;

import jakarta.inject.Inject;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/**
 * The one entry point of the CLI and the server. Only `chartsec serve` starts Quarkus and turns the HTTP
 * listener on (it is off in application.properties); every other command runs picocli directly, so it
 * loads nothing of the server, never opens a port and never fails for a taken one.
 */
@QuarkusMain
public class Main implements QuarkusApplication {

    @Inject
    CommandLine commandLine;

    public static void main(String... args) {
        boolean serve = args.length > 0 && args[0].equals("serve");
        if (!serve) {
            System.exit(CommandLineSetup.plain().execute(args));
        }
        // serve: its options are parsed and checked before anything starts
        ServeCommand options = new ServeCommand();
        CommandLine parser = new CommandLine(options).setCommandName("chartsec serve");
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        try {
            parser.parseArgs(rest);
        } catch (CommandLine.ParameterException e) {
            System.err.println("chartsec serve: " + e.getMessage());
            System.err.println("Try 'chartsec serve --help'.");
            System.exit(ExitCodes.INVALID_INPUT);
        }
        if (parser.isUsageHelpRequested() || parser.isVersionHelpRequested()) {
            System.exit(parser.execute(rest));
        }
        java.util.List<String> problems = options.problems();
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("chartsec serve: " + p));
            System.exit(ExitCodes.INVALID_INPUT);
        }
        String cannotListen = options.cannotListen();
        if (cannotListen != null) {
            System.err.println("chartsec serve: " + cannotListen);
            System.exit(ExitCodes.INTERNAL_ERROR);
        }
        options.configuration().forEach(System::setProperty);
        // the service's own start and stop lines, and how requests in flight ended on a stop
        System.setProperty("quarkus.log.category.\"dev.chartsec\".level", "INFO");
        System.setProperty("quarkus.log.category.\"io.quarkus.vertx.http.runtime.filters.GracefulShutdownFilter\".level", "INFO");
        Quarkus.run(Main.class, args);
    }

    @Override
    public int run(String... args) {
        return commandLine.execute(args);
    }
}
