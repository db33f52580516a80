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
