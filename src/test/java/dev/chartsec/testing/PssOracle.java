package dev.chartsec.testing;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The upstream Pod Security evaluator (k8s.io/pod-security-admission, built by tools/pss-oracle/build.sh into
 * .tools/pss-oracle) as a referee: one long-lived process, one request line per pod manifest, answering the
 * failing check ids for each level and version asked, or why the manifest cannot be decoded.
 */
public final class PssOracle implements AutoCloseable {
    /** The folder the build script fills: the referee binary and upstream's test pods (testdata/). */
    public static final Path HOME = Path.of(System.getProperty("chartsec.tools", ".tools")).resolve("pss-oracle");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the referee says of one manifest: invalid (with why), or the failing ids per evaluation. */
    public record Verdicts(String invalid, List<List<String>> failed) {
    }

    /** A level ("baseline", "restricted") and a version ("v1.35", "latest"). */
    public record Evaluation(String level, String version) {
    }

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    public PssOracle() throws IOException {
        Path binary = HOME.resolve("pss-oracle");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: the build runs tools/pss-oracle/build.sh before the tests");
        }
        process = new ProcessBuilder(binary.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    public Verdicts evaluate(String yaml, List<Evaluation> evaluations) throws IOException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("yaml", yaml);
        request.put("evaluations", evaluations);
        in.write(JSON.writeValueAsString(request));
        in.newLine();
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the referee ended");
        }
        JsonNode answer = JSON.readTree(line);
        if (answer.hasNonNull("invalid")) {
            return new Verdicts(answer.get("invalid").asText(), List.of());
        }
        List<List<String>> failed = new ArrayList<>();
        for (JsonNode ids : answer.get("failed")) {
            List<String> list = new ArrayList<>();
            ids.forEach(id -> list.add(id.asText()));
            failed.add(list);
        }
        return new Verdicts(null, failed);
    }

    /** The registry as upstream declares it: one line per check with its id, level and versions. */
    public static List<JsonNode> checks() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(HOME.resolve("pss-oracle").toString(), "--checks").start();
        List<JsonNode> out = new ArrayList<>();
        for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        p.waitFor();
        return out;
    }

    @Override
    public void close() throws IOException {
        in.close();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
