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
        if (serve) {
            System.setProperty("quarkus.http.host-enabled", "true");
            System.setProperty("quarkus.log.category.\"io.quarkus\".level", "INFO");
            for (int i = 1; i < args.length - 1; i++) {
                if (args[i].equals("--port")) {
                    System.setProperty("quarkus.http.port", args[i + 1]);
                }
                if (args[i].equals("--host")) {
                    System.setProperty("quarkus.http.host", args[i + 1]);
                }
            }
        }
        Quarkus.run(Main.class, args);
    }

    @Override
    public int run(String... args) {
        return commandLine.execute(args);
    }
}
