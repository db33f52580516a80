package dev.chartsec.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.chartsec.option.AnswerValidator;
import dev.chartsec.option.ChartSpec;
import dev.chartsec.option.OptionCatalog;

/** The question flow on JLine's dumb terminal, with scripted input, as a pipe would give it. */
class WizardTest {
    static final OptionCatalog CATALOG = OptionCatalog.standard();

    final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    final List<String> named = new ArrayList<>();

    ChartSpec run(Map<String, Object> given, String... lines) {
        String input = String.join("\n", lines) + "\n";
        try (Console console = Console.of(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), screen)) {
            return new Wizard(CATALOG, console).run(given, named::add);
        }
    }

    String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void enterTakesEveryDefault() {
        // name, quick path, then Enter for each quick question, and yes to write
        ChartSpec spec = run(Map.of(), "shop", "", "", "", "", "", "", "", "");
        assertEquals(new AnswerValidator(CATALOG).validate(Map.of("chart.name", "shop")).values(), spec.values());
        assertEquals(List.of("shop"), named, "the destination is checked as soon as the name is known");
        assertTrue(screen().contains("Image tag [1.0.0]: "), screen());
        assertFalse(screen().contains("Replicas"), "the quick path does not ask advanced options");
    }

    @Test
    void aWrongAnswerIsRefusedWithTheReasonAndAskedAgain() {
        ChartSpec spec = run(Map.of("chart.name", "shop"), "", "", "latest", "2.0.0", "eighty", "80", "", "", "", "");
        assertEquals("2.0.0", spec.text("image.tag"));
        assertEquals(80L, spec.integer("containerPort"));
        String s = screen();
        assertTrue(s.contains("image.tag: is refused: a moving tag"), s);
        assertTrue(s.contains("containerPort: must be a whole number"), s);
        assertTrue(s.contains("warning: 80 is below 1024"), s);
    }

    @Test
    void questionMarkExplainsAndAsksAgain() {
        ChartSpec spec = run(Map.of("chart.name", "shop"), "?", "", "?", "", "", "", "", "", "", "");
        assertEquals("ghcr.io/example/app", spec.text("image.repository"));
        assertTrue(screen().contains("quick asks the image, the port"), screen());
        assertTrue(screen().contains("The container image repository, without tag or digest."), screen());
    }

    @Test
    void conditionalQuestionsAreSkipped() {
        // advanced path, NetworkPolicies off: none of the policy's own questions may follow
        List<String> lines = new ArrayList<>(List.of("advanced"));
        for (int i = 0; i < 200; i++) {
            lines.add("");
        }
        ChartSpec spec = run(Map.of("chart.name", "shop", "networkPolicy.enabled", false), lines.toArray(String[]::new));
        assertFalse(spec.flag("networkPolicy.enabled"));
        String s = screen();
        assertTrue(s.contains("Replicas [2]: "), "advanced asks everything else");
        assertFalse(s.contains("Allow traffic from the ingress controller?"), s);
        assertFalse(s.contains("Host name"), "ingress questions need ingress.enabled");
        assertFalse(s.contains("CPU request"), "custom resources need the custom preset");
    }

    @Test
    void listsAreEnteredOneByOne() {
        List<String> lines = new ArrayList<>(List.of("", "", "", "", "yes"));
        // rbac.rules, first entry: its fields apiGroups, resources, verbs, resourceNames
        lines.addAll(List.of("yes", "apps", "", "deployments", "deployments/scale", "", "get", "pachte", "patch", "", ""));
        // a second entry, refused at once (secrets listed by anything but name and get), then no more
        lines.addAll(List.of("yes", "\"\"", "", "secrets", "", "list", "", "", "no"));
        // secrets.mode, networkPolicy.enabled, the API server's address (refused, then given) and port, write
        lines.addAll(List.of("", "", "", "10.0.0.300/32", "172.18.0.2/32", "6443", ""));
        ChartSpec spec = run(Map.of("chart.name", "shop"), lines.toArray(String[]::new));
        assertTrue(spec.flag("apiAccess.enabled"));
        assertEquals(List.of(Map.of("apiGroups", List.of("apps"), "resources", List.of("deployments", "deployments/scale"),
                "verbs", List.of("get", "patch"), "resourceNames", List.of())), spec.list("rbac.rules"));
        assertTrue(screen().contains("is not one of the choices (given: 'pachte')"), screen());
        assertTrue(screen().contains("grants secrets too widely") && screen().contains("(entry not added)"), screen());
        assertEquals("172.18.0.2/32", spec.text("networkPolicy.egress.apiServer.cidr"));
        assertEquals(6443, spec.integer("networkPolicy.egress.apiServer.port"));
        assertTrue(screen().contains("Address range of the Kubernetes API server"), screen());
    }

    @Test
    void rulesBetweenOptionsAreCheckedAtTheEndAndTheirOptionsAskedAgain() {
        List<String> lines = new ArrayList<>(List.of("advanced"));
        for (int i = 0; i < 200; i++) {
            lines.add("");
        }
        ChartSpec spec = run(Map.of("chart.name", "shop", "probes.liveness.path", "/same", "probes.readiness.path", "/same"),
                lines.toArray(String[]::new));
        assertTrue(screen().contains("probes.readiness.path: is the same as probes.liveness.path"), screen());
        assertFalse(spec.text("probes.readiness.path").equals(spec.text("probes.liveness.path")));
    }

    @Test
    void endOfInputAbortsAtAnyPoint() {
        assertThrows(WizardAborted.class, () -> run(Map.of()));
        assertThrows(WizardAborted.class, () -> run(Map.of(), "shop", ""));
        assertThrows(WizardAborted.class, () -> run(Map.of("chart.name", "shop"), "", "", "", "", "yes", "yes", "apps"));
    }

    @Test
    void decliningToWriteAborts() {
        WizardAborted e = assertThrows(WizardAborted.class,
                () -> run(Map.of("chart.name", "shop"), "", "", "", "", "", "", "", "no"));
        assertEquals("not confirmed", e.getMessage());
        assertTrue(screen().contains("Enforced:"), "the security summary comes before the question");
    }

    @Test
    void givenAnswersAreNotAskedAgain() {
        ChartSpec spec = run(Map.of("chart.name", "shop", "image.tag", "3.1.4", "image.repository", "ghcr.io/a/b"),
                "", "", "", "", "", "");
        assertEquals("3.1.4", spec.text("image.tag"));
        assertFalse(screen().contains("Image tag"), screen());
    }
}
