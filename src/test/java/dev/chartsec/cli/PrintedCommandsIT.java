package dev.chartsec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.chartsec.testing.Chartsec;
import dev.chartsec.testing.Helm;
import dev.chartsec.testing.Processes;

/**
 * Every command chartsec prints, run as printed: the next steps after `chartsec new`, the equivalent
 * `chartsec new --no-input` command, and the chart README's install commands, for every secret mode, with a
 * key that has a dot, and with the chart's own Namespace. `helm install` runs as a client-side dry run (no
 * cluster here) and its rendered Secret must hold each file under its exact key; `helm test` needs a cluster.
 */
class PrintedCommandsIT {
    static final Path HELM4 = Path.of(System.getProperty("chartsec.tools", ".tools")).resolve("helm4").toAbsolutePath();
    /** `helm` as the printed lines call it: install as a dry run, test skipped, the rest as it is. */
    static final String HELM = "helm() { sub=\"$1\"; shift; case \"$sub\" in install) \"" + HELM4
            + "\" install --dry-run=client \"$@\";; test) echo \"helm test (needs a cluster)\";; *) \"" + HELM4 + "\" \"$sub\" \"$@\";; esac; }; ";

    @TempDir
    Path tmp;

    static Processes.Result shell(Path dir, String line) {
        String chartsec = "chartsec() { \"" + Chartsec.LAUNCHER + "\" \"$@\"; }; ";
        return Processes.run(List.of("bash", "-c", HELM + chartsec + line), dir, Map.of(), "", Duration.ofMinutes(2));
    }

    @ParameterizedTest
    @CsvSource({"none, false", "existing, false", "chart, false", "chart, true"})
    void everyPrintedCommandRunsAsPrinted(String mode, boolean namespace) throws Exception {
        List<String> args = new ArrayList<>(List.of("new", "shop", "--no-input", "--set", "secrets.mode=" + mode));
        if (!mode.equals("none")) {
            args.addAll(List.of("--set", "secrets.keys=db-password,tls.crt"));
        }
        if (mode.equals("existing")) {
            args.addAll(List.of("--set", "secrets.existingSecret=shop-credentials"));
        }
        if (namespace) {
            args.addAll(List.of("--set", "namespace.create=true"));
        }
        Processes.Result created = Chartsec.run(tmp, "", args.toArray(String[]::new));
        assertEquals(0, created.exitCode(), created.stderr());
        for (Path dir : List.of(tmp, tmp.resolve("shop"))) {
            Files.writeString(dir.resolve("db-password"), "s3cret-db\n");
            Files.writeString(dir.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\n");
        }

        // what `chartsec new` printed
        List<String> printed = created.stdout().lines().filter(l -> l.startsWith("  helm ") || l.startsWith("  chartsec new "))
                .map(String::strip).toList();
        assertEquals(4, printed.size(), created.stdout());
        for (String line : printed) {
            if (line.startsWith("chartsec new")) {
                Path again = Files.createDirectories(tmp.resolve("again"));
                Processes.Result r = shell(again, line);
                assertEquals(0, r.exitCode(), line + "\n" + r.stderr());
                assertEquals(Chartsec.tree(tmp.resolve("shop")).keySet().stream().filter(k -> !k.equals("db-password") && !k.equals("tls.crt")).toList(),
                        List.copyOf(Chartsec.tree(again.resolve("shop")).keySet()), "the same chart without questions");
                continue;
            }
            Processes.Result r = shell(tmp, line.replace(" NAMESPACE", " shop"));
            assertEquals(0, r.exitCode(), line + "\n" + r.stdout() + r.stderr());
            checkSecret(mode, line, r.stdout());
        }

        // what the chart's README prints
        String readme = Files.readString(tmp.resolve("shop/README.md"));
        String block = readme.substring(readme.indexOf("```sh\n") + 6, readme.indexOf("```", readme.indexOf("```sh\n") + 6));
        List<String> lines = block.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(3, lines.size(), block);
        assertTrue(lines.get(1).contains("--create-namespace"), "Helm 4 installs with --create-namespace in both modes");
        for (String line : lines) {
            Processes.Result r = shell(tmp.resolve("shop"), line);
            assertEquals(0, r.exitCode(), line + "\n" + r.stdout() + r.stderr());
            checkSecret(mode, line, r.stdout());
        }
    }

    /** The objects `helm install --dry-run` prints between MANIFEST: and NOTES:. */
    static List<Map<String, Object>> manifest(String output) {
        int start = output.indexOf("MANIFEST:\n");
        int end = output.indexOf("\nNOTES:\n");
        return Helm.documents(output.substring(start + "MANIFEST:\n".length(), end < 0 ? output.length() : end));
    }

    /** A chart-made Secret holds each file under its exact key (tls.crt, not a nested tls: {crt: ...}). */
    private static void checkSecret(String mode, String line, String rendered) {
        if (!line.startsWith("helm install")) {
            return;
        }
        Map<String, Object> secret = manifest(rendered).stream().filter(d -> "Secret".equals(d.get("kind"))).findFirst().orElse(null);
        if (!mode.equals("chart")) {
            assertEquals(null, secret, "no chart-made Secret");
            return;
        }
        assertEquals(Map.of("db-password", b64("s3cret-db\n"), "tls.crt", b64("-----BEGIN CERTIFICATE-----\n")), secret.get("data"));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.api.Test
    void theChartsOwnMessageForAMissingSecretValueGivesAFlagThatWorks() throws Exception {
        Processes.Result created = Chartsec.run(tmp, "", "new", "shop", "--no-input", "--set", "secrets.mode=chart", "--set", "secrets.keys=tls.crt");
        assertEquals(0, created.exitCode(), created.stderr());
        Files.writeString(tmp.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\n");
        Processes.Result missing = shell(tmp, "helm install shop ./shop --namespace shop");
        assertEquals(1, missing.exitCode());
        String flag = missing.stderr().substring(missing.stderr().indexOf("--set-file "));
        flag = flag.substring(0, flag.indexOf("=FILE'") + "=FILE'".length()).replace("=FILE", "=./tls.crt");
        Processes.Result fixed = shell(tmp, "helm install shop ./shop --namespace shop " + flag);
        assertEquals(0, fixed.exitCode(), flag + "\n" + fixed.stderr());
        checkSecretKey(fixed.stdout());
    }

    private static void checkSecretKey(String rendered) {
        Map<String, Object> secret = manifest(rendered).stream().filter(d -> "Secret".equals(d.get("kind"))).findFirst().orElseThrow();
        assertEquals(Map.of("tls.crt", b64("-----BEGIN CERTIFICATE-----\n")), secret.get("data"));
    }
}
