package dev.chartsec.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.chartsec.audit.pss.Level;

/** What the audit reads, and how: as Kubernetes reads YAML, bounded, never an empty pass, never outside the target. */
class AuditInputTest {
    static final Targets.Render RENDER = new Targets.Render("release-name", "default", Targets.KUBE_VERSION, List.of(), List.of(), Map.of());

    @TempDir
    Path tmp;

    static List<String> pss(String yaml) {
        return new Auditor(Level.RESTRICTED, PodSecurity.LATEST_MINOR, false).audit(Targets.parse("t", yaml)).stream()
                .map(f -> f.id() + " " + f.path()).toList();
    }

    static String pod(String podFields, String containerFields) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                %s
                  containers:
                  - name: c
                    image: app:1
                    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}%s}
                """.formatted(podFields, containerFields);
    }

    @Test
    void yamlOneOneSpellingsAreWhatTheClusterReads() {
        assertEquals(List.of(), pss(pod("", "")));
        assertEquals(List.of("PSS-privileged spec.containers[0].securityContext.privileged"), pss(pod("", ", privileged: y")));
        assertEquals(List.of("PSS-hostNamespaces spec.hostPID"), pss(pod("  hostPID: Y", "")));
        assertEquals(List.of("PSS-hostNamespaces spec.hostNetwork"), pss(pod("  hostNetwork: on", "")));
        assertEquals(List.of("PSS-runAsUser spec.containers[0].securityContext.runAsUser"), pss(pod("", ", runAsUser: 0o0")));
        assertEquals(List.of("PSS-runAsUser spec.containers[0].securityContext.runAsUser"), pss(pod("", ", runAsUser: 0.0")));
        assertEquals(List.of(), pss(pod("", ", runAsUser: 0x2711")));
        // quoted, they are text, and the API server refuses text where it wants a bool
        assertEquals(List.of("INVALID spec.containers[0].securityContext.privileged"), pss(pod("", ", privileged: \"y\"")));
    }

    @Test
    void goYamlLineSeparatorEscapesAreRead() {
        // Helm's toYaml writes U+2028 and U+2029 as \L and \P in double-quoted scalars; elsewhere a backslash is text
        List<Object> docs = KubeYaml.readAll("a: \"x\\Ly\\Pz \\\\L\"\nb: C:\\Logs\nc: 'q\\L'\nd: \"\\L\"\n", 1000);
        assertEquals(Map.of("a", "x\u2028y\u2029z \\L", "b", "C:\\Logs", "c", "q\\L", "d", "\u2028"), docs.get(0));
    }

    @Test
    void objectsTheApiServerCannotDecodeAreInvalidNotClean() {
        assertEquals(List.of("INVALID spec.containers"), pss("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: notalist}\n"));
        assertEquals(List.of("INVALID spec.template.spec.containers[0].securityContext.runAsUser"), pss("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  template:
                    spec:
                      containers: [{name: c, image: app:1, securityContext: {runAsUser: 1.5}}]
                """));
    }

    @Test
    void theItemsOfAListAreAudited() {
        String list = "apiVersion: v1\nkind: List\nitems:\n" + pod("  hostIPC: true", "").indent(2).replaceFirst("  apiVersion", "- apiVersion");
        List<Map<String, Object>> objects = Targets.parse("t", list);
        assertEquals(1, objects.size());
        assertEquals(List.of("PSS-hostNamespaces spec.hostIPC"), pss(list));
    }

    @Test
    void emptyInputIsAnErrorNeverAPass() throws Exception {
        for (String empty : List.of("", "---\n", "# only a comment\n", "---\n---\n")) {
            Targets.BadTarget e = assertThrows(Targets.BadTarget.class, () -> load("-", empty));
            assertTrue(e.getMessage().contains("no Kubernetes objects"), e.getMessage());
        }
        Files.writeString(tmp.resolve("empty.yaml"), "");
        assertThrows(Targets.BadTarget.class, () -> Targets.load(tmp.resolve("empty.yaml").toString(), RENDER, InputStream.nullInputStream()));
        Files.createDirectories(tmp.resolve("folder"));
        Files.writeString(tmp.resolve("folder/notes.txt"), "no manifests here");
        Targets.BadTarget e = assertThrows(Targets.BadTarget.class,
                () -> Targets.load(tmp.resolve("folder").toString(), RENDER, InputStream.nullInputStream()));
        assertTrue(e.getMessage().contains("holds no Kubernetes objects"), e.getMessage());
    }

    @Test
    void inputIsBounded() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 0);
                return len;
            }
        };
        Targets.BadTarget e = assertThrows(Targets.BadTarget.class, () -> Targets.load("-", RENDER, endless));
        assertTrue(e.getMessage().contains("larger than 32 MiB"), e.getMessage());
        Targets.BadTarget latin1 = assertThrows(Targets.BadTarget.class,
                () -> Targets.load("-", RENDER, new ByteArrayInputStream(new byte[] {'k', ':', ' ', (byte) 0xe9})));
        assertTrue(latin1.getMessage().contains("not UTF-8"), latin1.getMessage());
    }

    @Test
    void aLargeValueIsReadInOnePass() {
        String big = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  k: " + "x".repeat(10 * 1024 * 1024) + "\n";
        assertEquals(1, Targets.parse("big", big).size());
    }

    @Test
    void aliasBombsAreRefused() {
        StringBuilder y = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            y.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            y.append("]\n");
        }
        Targets.BadTarget e = assertThrows(Targets.BadTarget.class, () -> Targets.parse("bomb", y.toString()));
        assertTrue(e.getMessage().contains("malformed YAML"), e.getMessage());
    }

    @Test
    void linksOutOfAChartOrFolderAreRefused() throws Exception {
        Path chart = Files.createDirectories(tmp.resolve("chart"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: chart\nversion: 0.1.0\n");
        Files.createSymbolicLink(chart.resolve("secret.txt"), Path.of("/etc/hostname"));
        Targets.BadTarget e = assertThrows(Targets.BadTarget.class, () -> Targets.load(chart.toString(), RENDER, InputStream.nullInputStream()));
        assertTrue(e.getMessage().contains("leads outside"), e.getMessage());

        Path folder = Files.createDirectories(tmp.resolve("manifests"));
        Files.writeString(tmp.resolve("outside.yaml"), pod("", ""));
        Files.createSymbolicLink(folder.resolve("linked.yaml"), tmp.resolve("outside.yaml"));
        assertThrows(Targets.BadTarget.class, () -> Targets.load(folder.toString(), RENDER, InputStream.nullInputStream()));
    }

    private static List<Targets.Loaded> load(String target, String stdin) {
        return Targets.load(target, RENDER, new ByteArrayInputStream(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
