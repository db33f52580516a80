package dev.chartsec.cli;

import java.util.concurrent.Callable;

import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Runs the REST generator service for developer portals (see api-spec/openapi.yaml).",
                "GET / prints the options and curl examples."},
        footerHeading = "%nExamples:%n",
        footer = {"  chartsec serve --port 8080",
                "  curl -fsS localhost:8080/api/v1/charts/shop.tgz?image.tag=1.2.3 -o shop.tgz && helm install shop shop.tgz -n shop"})
public class ServeCommand implements Callable<Integer> {

    // read by Main before Quarkus starts; declared here for --help and validation
    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "The port to listen on (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0", description = "The address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Override
    public Integer call() {
        Quarkus.waitForExit();
        return ExitCodes.OK;
    }
}
