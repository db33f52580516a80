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
        return factory.create()
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    commandLine.getErr().println("chartsec " + commandLine.getCommandName() + ": internal error: " + e);
                    if (System.getenv("CHARTSEC_DEBUG") != null) {
                        e.printStackTrace(commandLine.getErr());
                    } else {
                        commandLine.getErr().println("(set CHARTSEC_DEBUG=1 for the stack trace)");
                    }
                    return ExitCodes.INTERNAL_ERROR;
                });
    }
}
