package dev.chartsec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.chartsec.testing.Chartsec;
import dev.chartsec.testing.Helm;
import dev.chartsec.testing.Processes;

/**
 * The README's application shapes, run as printed: each `bin/chartsec new` command writes its chart, which
 * Helm lints with --strict and renders, and `chartsec audit` holds to `restricted` with no error.
 */
class ReadmeExamplesIT {
    private static final String SECTION = "### Charts for the application you have";

    @TempDir
    Path tmp;

    /** The README's command that regenerates deploy/chart, run as printed, writes exactly the committed chart. */
    @Test
    void theDeployChartCommandRegeneratesTheCommittedChart() throws Exception {
        String readme = Files.readString(Chartsec.HOME.resolve("README.md"));
        String command = readme.lines().filter(l -> l.startsWith("bin/chartsec new --answers deploy/")).findFirst().orElseThrow();
        Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(tmp.resolve("bin/chartsec"), Chartsec.LAUNCHER);
        Files.createDirectories(tmp.resolve("deploy"));
        Files.copy(Chartsec.HOME.resolve("deploy/chartsec.answers.yaml"), tmp.resolve("deploy/chartsec.answers.yaml"));
        Processes.Result r = Processes.run(List.of("bash", "-c", command), tmp, Map.of(), "", Duration.ofMinutes(2));
        assertEquals(0, r.exitCode(), command + "\n" + r.output());
        assertEquals(Chartsec.tree(Chartsec.HOME.resolve("deploy/chart")), Chartsec.tree(tmp.resolve("deploy/chart")), command);
    }

    /**
     * values.yaml says a configuration file can be given at install time with --set-file: the ConfigMap then
     * holds the file as it is, and the pods' checksum changes so that they roll.
     */
    @Test
    void aConfigurationFileGivenAtInstallTimeReachesTheConfigMapAndRollsThePods() throws Exception {
        Processes.Result written = Processes.run(List.of(Chartsec.LAUNCHER.toString(), "new", "report", "--no-input", "-o", "report",
                "--set", "config.data={app.conf: placeholder}"), tmp, Map.of(), "", Duration.ofMinutes(2));
        assertEquals(0, written.exitCode(), written.output());
        String values = Files.readString(tmp.resolve("report/values.yaml"));
        assertTrue(values.contains("--set-file config.data.NAME=FILE"), "values.yaml documents --set-file");
        Files.writeString(tmp.resolve("app.conf"), "mode: batch\nthreads: 4\n");
        Map<String, Object> before = configAndChecksum(Helm.cli("helm4", "template", "rel", tmp.resolve("report").toString()));
        Map<String, Object> after = configAndChecksum(Helm.cli("helm4", "template", "rel", tmp.resolve("report").toString(),
                "--set-file", "config.data.app\\.conf=" + tmp.resolve("app.conf")));
        assertEquals("placeholder", before.get("data"));
        assertEquals("mode: batch\nthreads: 4\n", after.get("data"));
        assertFalse(before.get("checksum").equals(after.get("checksum")), "a new configuration rolls the pods");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> configAndChecksum(Processes.Result rendered) {
        assertEquals(0, rendered.exitCode(), rendered.output());
        List<Map<String, Object>> docs = Helm.documents(rendered.output());
        Map<String, Object> config = docs.stream().filter(d -> "ConfigMap".equals(d.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> workload = docs.stream().filter(d -> "Deployment".equals(d.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) workload.get("spec")).get("template");
        Map<String, Object> annotations = (Map<String, Object>) ((Map<String, Object>) template.get("metadata")).get("annotations");
        return Map.of("data", ((Map<String, Object>) config.get("data")).get("app.conf"), "checksum", annotations.get("checksum/config"));
    }

    @Test
    void everyApplicationShapeInTheReadmeIsWrittenLintedAndAudited() throws Exception {
        String readme = Files.readString(Chartsec.HOME.resolve("README.md"));
        String section = readme.substring(readme.indexOf(SECTION));
        String block = section.substring(section.indexOf("```sh\n") + 6, section.indexOf("```", section.indexOf("```sh\n") + 6));
        List<String> commands = block.replace("\\\n", " ").lines().filter(l -> l.startsWith("bin/chartsec new ")).toList();
        assertEquals(3, commands.size(), block);
        Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(tmp.resolve("bin/chartsec"), Chartsec.LAUNCHER);
        for (String command : commands) {
            Processes.Result written = Processes.run(List.of("bash", "-c", command), tmp, Map.of(), "", Duration.ofMinutes(2));
            assertEquals(0, written.exitCode(), command + "\n" + written.output());
            Matcher out = Pattern.compile(" -o (\\S+)").matcher(command);
            assertTrue(out.find(), command);
            Path chart = tmp.resolve(out.group(1));
            Processes.Result lint = Helm.cli("helm4", "lint", "--strict", chart.toString());
            assertEquals(0, lint.exitCode(), command + "\n" + lint.output());
            Processes.Result rendered = Helm.cli("helm4", "template", "rel", chart.toString(), "-n", "apps", "--kube-version", Helm.KUBE_VERSION);
            assertEquals(0, rendered.exitCode(), command + "\n" + rendered.output());
            assertFalse(Helm.documents(rendered.output()).isEmpty(), command);
            Processes.Result audit = Processes.run(List.of(Chartsec.LAUNCHER.toString(), "audit", chart.toString(), "--level", "restricted",
                    "--fail-on", "error"), tmp, Map.of(), "", Duration.ofMinutes(2));
            assertEquals(0, audit.exitCode(), command + "\n" + audit.output());
        }
    }
}
