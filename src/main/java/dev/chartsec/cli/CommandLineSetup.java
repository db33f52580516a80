package dev.chartsec.cli;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import picocli.CommandLine;

/** The picocli command line every chartsec command runs in: a failure prints one line, never a stack trace. */
@ApplicationScoped
public class CommandLineSetup {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return configure(factory.create());
    }

    /** The command line without CDI, for every command but serve: nothing of Quarkus is started for them. */
    static CommandLine plain() {
        return configure(new CommandLine(new ChartsecCommand()));
    }

    private static CommandLine configure(CommandLine commandLine) {
        return commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            cl.getErr().println("chartsec " + cl.getCommandName() + ": internal error: " + e);
            if (System.getenv("CHARTSEC_DEBUG") != null) {
                e.printStackTrace(cl.getErr());
            } else {
                cl.getErr().println("(set CHARTSEC_DEBUG=1 for the stack trace)");
            }
            return ExitCodes.INTERNAL_ERROR;
        });
    }
}
