package dev.chartsec.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.chartsec.testing.Chartsec;
import dev.chartsec.testing.Processes;
import dev.chartsec.testing.Tmux;

/** The packaged `chartsec new` in a real terminal (tmux) and with piped input, against `--answers`. */
class WizardTerminalIT {
    static final String ANSWERS = String.join("\n",
            "chart.name: shop",
            "image.repository: ghcr.io/acme/shop",
            "image.tag: 2.4.1",
            "containerPort: 9000",
            "apiAccess.enabled: true",
            "rbac.rules: [{apiGroups: [''], resources: [configmaps], verbs: [get, watch]}]",
            "secrets.mode: existing",
            "secrets.existingSecret: shop-db",
            "secrets.keys: [password]",
            "networkPolicy.enabled: true",
            "networkPolicy.egress.apiServer.cidr: 172.18.0.2/32",
            "networkPolicy.egress.apiServer.port: 6443",
            "");

    @TempDir
    Path tmp;

    Path reference() throws IOException {
        Files.writeString(tmp.resolve("answers.yaml"), ANSWERS);
        Processes.Result r = Chartsec.run(tmp, "", "new", "--answers", "answers.yaml", "-o", "reference");
        assertEquals(0, r.exitCode(), r.stderr());
        return tmp.resolve("reference");
    }

    @Test
    void aRealTerminalSessionWritesTheSameChartAsTheAnswersFile() throws IOException {
        Path reference = reference();
        try (Tmux t = new Tmux(tmp, "NO_COLOR=1 " + Chartsec.LAUNCHER + " new -o typed; echo EXIT=$?; sleep 30")) {
            t.await("Chart name: ");
            t.line("shop");
            t.await("[quick]: ");
            t.keys("a", "d", "Tab"); // completion offers quick/advanced: "ad" completes to "advanced"; then erase it
            t.await("advanced");
            t.keys("C-u");
            t.line("quick");
            t.await("Image repository [ghcr.io/example/app]: ");
            t.line("ghcr.io/acme/shop");
            t.await("Image tag [1.0.0]: ");
            t.line("latest");
            t.await("is refused");
            t.await("Image tag [1.0.0]: ", 2);
            t.line("2.4.1");
            t.await("Container port");
            t.line("?");
            t.await("Allowed: a port from 1 to 65535");
            t.line("9000");
            t.await("Kubernetes API? (y/n) [no]: ");
            t.line("y");
            t.await("add an entry? (y/n) [no]: ");
            t.line("yes");
            t.await("apiGroups");
            t.await("first item");
            t.line("\"\"");
            t.await("next item");
            t.line("");
            t.await("resources");
            t.await("first item", 2);
            t.line("configmaps");
            t.await("next item", 2);
            t.line("");
            t.await("verbs");
            t.await("first item", 3);
            t.line("get");
            t.await("next item", 3);
            t.line("watch");
            t.await("next item", 4);
            t.line("");
            t.await("resourceNames");
            t.line("");
            t.await("add another entry? (y/n) [no]: ");
            t.line("");
            t.await("Secrets (none/existing/chart/external) [none]: ");
            t.line("existing");
            t.await("Name of the existing Secret: ");
            t.line("shop-db");
            t.await("Secret keys");
            t.line("password");
            t.line("");
            t.await("(y/n) [yes]: ");
            t.line("");
            t.await("Address range of the Kubernetes API server");
            t.line("172.18.0.2/32");
            t.await("Port of the Kubernetes API server's endpoints [443]: ");
            t.line("6443");
            t.await("Write the chart? (y/n) [yes]: ");
            t.line("");
            String screen = t.await("EXIT=");
            assertTrue(screen.contains("EXIT=0"), screen);
            assertTrue(screen.contains("Enforced:") && screen.contains("Opened by your answers:"), screen);
            assertTrue(screen.contains("chartsec new shop --no-input"), "the equivalent command: " + screen);
            assertFalse(t.screenWithEscapes().contains("\u001b[1m"), "NO_COLOR: no bold, no colour");
        }
        assertEquals(Chartsec.tree(reference), Chartsec.tree(tmp.resolve("typed")));
    }

    @Test
    void colourOnACapableTerminalUnlessNoColor() {
        try (Tmux t = new Tmux(tmp, "env -u NO_COLOR TERM=xterm-256color " + Chartsec.LAUNCHER + " new; sleep 30")) {
            t.await("Chart name: ");
            assertTrue(t.screenWithEscapes().contains("\u001b[1m"), "bold prompts: " + t.screenWithEscapes());
            t.keys("C-c");
        }
    }

    @Test
    void ctrlCAbortsWith130AndWritesNothing() {
        try (Tmux t = new Tmux(tmp, Chartsec.LAUNCHER + " new; echo EXIT=$?; sleep 30")) {
            t.await("Chart name: ");
            t.line("shop");
            t.await("[quick]: ");
            t.line("");
            t.await("Image repository");
            t.keys("C-c");
            String screen = t.await("EXIT=");
            assertTrue(screen.contains("EXIT=130"), screen);
            assertTrue(screen.contains("nothing was written"), screen);
        }
        assertFalse(Files.exists(tmp.resolve("shop")));
    }

    @Test
    void aTakenDestinationIsRefusedBeforeTheFirstQuestion() throws IOException {
        Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(tmp.resolve("taken/file"), "x");
        Processes.Result r = Chartsec.run(tmp, "", "new", "-o", "taken");
        assertEquals(2, r.exitCode());
        assertFalse(r.stdout().contains("Chart name"), "no question was asked: " + r.stdout());
        assertTrue(r.stderr().contains("not empty"), r.stderr());
    }

    @Test
    void pipedLinesWriteTheSameChartAsTheAnswersFile() throws IOException {
        Path reference = reference();
        String lines = String.join("\n", "shop", "", "ghcr.io/acme/shop", "2.4.1", "9000", "yes",
                "yes", "\"\"", "", "configmaps", "", "get", "watch", "", "", "no",
                "existing", "shop-db", "password", "", "", "172.18.0.2/32", "6443", "", "") + "\n";
        Processes.Result r = Chartsec.run(tmp, lines, "new", "-o", "piped");
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertEquals(Chartsec.tree(reference), Chartsec.tree(tmp.resolve("piped")));
    }

    @Test
    void noInputListsEveryMissingAnswerWithAnExample() {
        Processes.Result r = Chartsec.run(tmp, "", "new", "--no-input", "--set", "ingress.enabled=true", "--set", "secrets.mode=existing");
        assertEquals(2, r.exitCode());
        for (String id : new String[] {"chart.name", "secrets.existingSecret", "secrets.keys", "ingress.host", "ingress.tlsSecret"}) {
            assertTrue(r.stderr().contains(id + ": an answer is required"), r.stderr());
        }
        assertTrue(r.stderr().contains("For example: chartsec new NAME --no-input --set chart.name=VALUE"), r.stderr());
    }
}
