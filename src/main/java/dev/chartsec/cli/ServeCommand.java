package dev.chartsec.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import dev.chartsec.api.ApiListener;

import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chartsec serve}. Its options are parsed and checked by picocli before Quarkus starts (Main), so a bad
 * value is a one-line error and exit 2, and {@code --help} starts nothing; then they become the server's
 * configuration.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Runs the REST generator service for developer portals (see api-spec/openapi.yaml).",
                "GET / prints the options and curl examples. It listens on the loopback address unless --host says otherwise."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped (SIGTERM or Ctrl-C: readiness turns false, requests in flight complete)",
                "1:cannot listen (address in use or not on this machine)", "2:invalid option"},
        footerHeading = "%nExamples:%n",
        footer = {"  chartsec serve --port 8080",
                "  chartsec serve --host 0.0.0.0 --port 8080 -Dchartsec.api-keys=KEY1,KEY2",
                "  chartsec serve --host 0.0.0.0 --api-keys-file /var/run/secrets/chartsec/api-keys",
                "  curl -fsS 'localhost:8080/api/v1/charts/shop.tgz?image.tag=1.2.3' -o shop.tgz && helm install shop shop.tgz -n shop"})
public class ServeCommand implements Callable<Integer> {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*");

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "The port to listen on, 1 to 65535 (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on (default ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--management-port", paramLabel = "N", defaultValue = "9000",
            description = "The port of health (/q/health) and metrics (/q/metrics), never served on the API's port (default ${DEFAULT-VALUE}).")
    int managementPort;

    @Option(names = "--management-host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address of the health and metrics listener (default ${DEFAULT-VALUE}; in a pod, 0.0.0.0 for the kubelet's probes).")
    String managementHost;

    @Option(names = "--api-keys-file", paramLabel = "FILE",
            description = "A file of API keys, one a line (a Secret mounted as a file in a pod); every /api/ call must carry one.")
    java.nio.file.Path apiKeysFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "A configuration property, such as -Dchartsec.api-keys=KEY1,KEY2 (repeatable).")
    Map<String, String> properties = new LinkedHashMap<>();

    /** Every problem with the options, in words. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        checkPort("--port", port, problems);
        checkPort("--management-port", managementPort, problems);
        if (port == managementPort) {
            problems.add("--management-port: " + port + " is the API's port; health and metrics need a port of their own");
        }
        checkHost("--host", host, problems);
        checkHost("--management-host", managementHost, problems);
        if (apiKeysFile != null) {
            try {
                List<String> keys = apiKeys();
                if (keys.isEmpty()) {
                    problems.add("--api-keys-file: " + apiKeysFile + " holds no key");
                } else if (keys.stream().anyMatch(k -> k.contains(","))) {
                    problems.add("--api-keys-file: a key contains ',', which separates keys");
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                problems.add("--api-keys-file: cannot read " + apiKeysFile);
            }
        }
        return problems;
    }

    private static void checkPort(String option, int value, List<String> problems) {
        if (value < 1 || value > 65535) {
            problems.add(option + ": " + value + " is not a port from 1 to 65535");
        }
    }

    private static void checkHost(String option, String value, List<String> problems) {
        boolean dottedNumbers = value.matches("[0-9.]+");
        if (dottedNumbers ? !IPV4.matcher(value).matches()
                : !IPV6.matcher(value).matches() && !HOST_NAME.matcher(value).matches()) {
            problems.add(option + ": '" + value + "' is not an IPv4 or IPv6 address or a host name");
        }
    }

    /** Whether both addresses can be listened on: in use, or not an address of this machine, is said before starting. */
    String cannotListen() {
        String api = cannotListen(host, port);
        return api != null ? api : cannotListen(managementHost, managementPort);
    }

    private static String cannotListen(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
            return null;
        } catch (IOException e) {
            return "cannot listen on " + host + ":" + port + ": " + (e.getMessage() == null ? "address unavailable" : e.getMessage().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** The keys of --api-keys-file: one a line, blank lines and surrounding spaces ignored. */
    private List<String> apiKeys() throws IOException {
        return java.nio.file.Files.readAllLines(apiKeysFile).stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
    }

    /** The server's configuration from the options. */
    Map<String, String> configuration() {
        Map<String, String> config = new LinkedHashMap<>(properties);
        if (apiKeysFile != null) {
            try {
                config.put("chartsec.api-keys", String.join(",", apiKeys()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // problems() said so before
            }
        }
        config.put("chartsec.http.enabled", "true");
        config.put("quarkus.http.host", host);
        config.put("quarkus.http.port", Integer.toString(port));
        config.put("quarkus.management.host", managementHost);
        config.put("quarkus.management.port", Integer.toString(managementPort));
        // the request target is checked by the API's own guard, which answers with a problem document
        config.put(dev.chartsec.api.RequestTarget.QUARKUS_CHECK_OFF, "true");
        // on SIGTERM: readiness DOWN for 2 s while requests are still taken, then 20 s for those in flight
        config.putIfAbsent("quarkus.shutdown.delay", "2S");
        config.putIfAbsent("quarkus.shutdown.timeout", "20S");
        return config;
    }

    @Override
    public Integer call() {
        // both listeners are up by now; Quarkus's own start line would name no API listener (it is chartsec's own)
        org.jboss.logging.Logger.getLogger(ServeCommand.class).infof("chartsec serves the API on %s; health and metrics on %s (started in %.3f s)",
                ApiListener.url(host, port), ApiListener.url(managementHost, managementPort), java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        Quarkus.waitForExit();
        return ExitCodes.OK;
    }
}
