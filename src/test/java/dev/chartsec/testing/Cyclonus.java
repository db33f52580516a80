package dev.chartsec.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * cyclonus (github.com/mattfenwick/cyclonus, built by tools/kube/build.sh): an engine of NetworkPolicy semantics
 * written independently of chartsec, asked whether each flow of a model is allowed by a set of policies.
 */
public final class Cyclonus {
    private static final Path BINARY = KubeCluster.BIN.resolve("cyclonus");
    private static final Pattern VERDICT = Pattern.compile("\\| IS ALLOWED\\? \\|\\s+(TRUE|FALSE)\\s+\\|");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Cyclonus() {
    }

    /** One side of a flow: a pod (namespace and labels) with its address, or only an address. */
    public record Peer(String name, String namespace, Map<String, String> podLabels, String ip) {
        public static Peer address(String name, String ip) {
            return new Peer(name, null, Map.of(), ip);
        }

        public boolean isPod() {
            return namespace != null;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (isPod()) {
                m.put("Internal", Map.of("PodLabels", podLabels, "NamespaceLabels",
                        Map.of("kubernetes.io/metadata.name", namespace), "Namespace", namespace));
            }
            m.put("IP", ip);
            return m;
        }
    }

    /** A connection from one peer to another on a port, by number and (for a named container port) by name. */
    public record Flow(Peer from, Peer to, int port, String portName, String protocol) {
        @Override
        public String toString() {
            return from.name() + " -> " + to.name() + " " + port + "/" + protocol;
        }
    }

    /** Whether each flow is allowed by the given policies (each a parsed NetworkPolicy), in the order given. */
    public static List<Boolean> allowed(List<Map<String, Object>> policies, List<Flow> flows, Path work) {
        try {
            Path dir = Files.createDirectories(work.resolve("policies"));
            // cyclonus reads only the first document of a file: one policy per file
            for (int i = 0; i < policies.size(); i++) {
                Files.writeString(dir.resolve("policy-" + i + ".json"), JSON.writeValueAsString(policies.get(i)));
            }
            List<Map<String, Object>> traffic = new ArrayList<>();
            for (Flow f : flows) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("Source", f.from().json());
                t.put("Destination", f.to().json());
                t.put("Protocol", f.protocol());
                t.put("ResolvedPort", f.port());
                t.put("ResolvedPortName", f.portName());
                traffic.add(t);
            }
            Path trafficFile = work.resolve("traffic.json");
            Files.writeString(trafficFile, JSON.writeValueAsString(traffic));
            List<String> command = List.of(BINARY.toString(), "analyze", "--mode", "query-traffic",
                    "--policy-path", dir.toString(), "--traffic-path", trafficFile.toString());
            Processes.Result r = Processes.run(command, null, Map.of(), "", Duration.ofMinutes(1));
            if (r.exitCode() != 0) {
                throw new IllegalStateException("cyclonus failed: " + r.output());
            }
            List<Boolean> verdicts = new ArrayList<>();
            Matcher m = VERDICT.matcher(r.stdout());
            while (m.find()) {
                verdicts.add(m.group(1).equals("TRUE"));
            }
            if (verdicts.size() != flows.size()) {
                throw new IllegalStateException("cyclonus answered " + verdicts.size() + " of " + flows.size() + " flows:\n" + r.stdout());
            }
            return verdicts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
