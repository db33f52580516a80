package dev.chartsec.audit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.marcnuri.helm.Helm;

/**
 * Renders a chart as `helm template` does: client-only, so `lookup` finds nothing and no cluster is ever
 * contacted, hooks and tests included. With a Helm CLI (CHARTSEC_HELM, else helm on PATH) it runs exactly
 * that; without one, helm-java renders in-process (loaded only then), which leaves hooks out, and says so.
 */
final class HelmRender {
    /** The platform whose Helm native library this build carries (helm-java publishes only it to the registry here). */
    static final String NATIVE_PLATFORM = "linux/amd64";

    /** A rendered chart, and a note for the user when the render left something out. */
    record Rendered(String manifests, String note) {
    }

    private HelmRender() {
    }

    /** The Helm CLI to render with: CHARTSEC_HELM, else helm on PATH. */
    static Optional<Path> helmCli() {
        String configured = System.getenv("CHARTSEC_HELM");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path helm = Path.of(dir.isEmpty() ? "." : dir, "helm");
            if (Files.isExecutable(helm) && !Files.isDirectory(helm)) {
                return Optional.of(helm);
            }
        }
        return Optional.empty();
    }

    static Rendered template(Path chart, Targets.Render render) {
        Optional<Path> cli = helmCli();
        if (cli.isPresent()) {
            return new Rendered(withCli(cli.get(), chart, render), null);
        }
        return new Rendered(inProcess(chart, render), chart + ": rendered in-process without hooks or tests (no Helm CLI found;"
                + " put helm on PATH or set CHARTSEC_HELM to audit them too)");
    }

    private static String withCli(Path helm, Path chart, Targets.Render render) {
        List<String> command = new ArrayList<>(List.of(helm.toString(), "template", render.releaseName(), chart.toString(),
                "--namespace", render.namespace(), "--kube-version", render.kubeVersion()));
        render.apiVersions().forEach(v -> command.addAll(List.of("--api-versions", v)));
        render.valuesFiles().forEach(f -> command.addAll(List.of("--values", f.toString())));
        render.sets().forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readBounded(p.getErrorStream(), 64 * 1024));
            byte[] out = readBounded(p.getInputStream(), Targets.MAX_BYTES + 1);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new Targets.BadTarget(chart + ": helm template did not finish within 2 minutes");
            }
            if (out.length > Targets.MAX_BYTES) {
                throw new Targets.BadTarget(chart + ": the chart renders more than " + Targets.MAX_BYTES / (1024 * 1024) + " MiB");
            }
            if (p.exitValue() != 0) {
                String message = new String(err.join(), StandardCharsets.UTF_8).strip();
                throw new Targets.BadTarget(chart + ": the chart does not render: " + message.lines().reduce((a, b) -> b).orElse("helm failed"));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Targets.BadTarget(chart + ": cannot run " + helm + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Targets.BadTarget(chart + ": interrupted while rendering");
        }
    }

    private static byte[] readBounded(InputStream in, int limit) {
        try (in) {
            byte[] bytes = in.readNBytes(limit);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return bytes;
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static final java.util.regex.Pattern LOOKUP = java.util.regex.Pattern.compile("\\blookup\\s");

    /** Whether any template of the chart (or of a subchart, or inside a packaged .tgz) calls lookup. */
    static boolean callsLookup(Path chart) {
        try {
            if (Files.isDirectory(chart)) {
                try (var walk = Files.walk(chart)) {
                    for (Path f : walk.filter(Files::isRegularFile).toList()) {
                        String n = f.getFileName().toString();
                        if ((n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".tpl") || n.endsWith(".txt"))
                                && Files.size(f) < Targets.MAX_BYTES && LOOKUP.matcher(Files.readString(f, StandardCharsets.ISO_8859_1)).find()) {
                            return true;
                        }
                        if (n.endsWith(".tgz") && callsLookup(f)) {
                            return true;
                        }
                    }
                }
                return false;
            }
            try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(chart))) {
                return tarCallsLookup(in);
            }
        } catch (IOException e) {
            throw new Targets.BadTarget(chart + ": cannot be read: " + e.getMessage());
        }
    }

    /** Whether a file of a packaged chart (or of a package inside it) calls lookup. */
    private static boolean tarCallsLookup(InputStream in) throws IOException {
        return TarEntries.forEach(in, Targets.MAX_BYTES, (name, content) -> name.endsWith(".tgz")
                ? tarCallsLookup(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(content)))
                : LOOKUP.matcher(new String(content, StandardCharsets.ISO_8859_1)).find());
    }

    /** This machine as os/arch, in Go's words (linux/amd64, darwin/arm64). */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String goOs = os.startsWith("linux") ? "linux" : os.startsWith("mac") || os.startsWith("darwin") ? "darwin"
                : os.startsWith("windows") ? "windows" : os;
        String goArch = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return goOs + "/" + goArch;
    }

    private static String inProcess(Path chart, Targets.Render render) {
        // Elsewhere helm-java would load a library of another platform, or fetch one from the network at run
        // time; an audit stays offline and says what to do instead.
        if (!platform().equals(NATIVE_PLATFORM)) {
            throw new Targets.BadTarget(chart + ": rendering a chart in-process needs Helm's native library, which this build"
                    + " carries for " + NATIVE_PLATFORM + " only (this machine is " + platform() + "); install Helm (chartsec"
                    + " then uses it), or render it and pipe it in: helm template RELEASE " + chart + " | chartsec audit -");
        }
        Path copy = null;
        if (callsLookup(chart)) {
            // helm-java's render is not client-only: lookup would ask a cluster. The chart is rendered from a copy
            // (a package unpacked) whose lookups return nothing, as helm template's do.
            Path source = chart;
            Path unpacked = null;
            if (!Files.isDirectory(chart)) {
                unpacked = unpack(chart);
                source = onlyChild(unpacked, chart);
            }
            try {
                copy = withoutLookups(source);
                return inProcessRender(copy.resolve(source.getFileName().toString()), chart, render);
            } finally {
                if (unpacked != null) {
                    deleteTree(unpacked);
                }
                deleteTree(copy);
            }
        }
        try {
            return inProcessRender(chart, chart, render);
        } finally {
            if (copy != null) {
                deleteTree(copy);
            }
        }
    }

    private static final java.util.regex.Pattern ACTION = java.util.regex.Pattern.compile("\\{\\{.*?\\}\\}", java.util.regex.Pattern.DOTALL);

    /**
     * A copy of the chart in which, inside template actions, lookup is omit (dict): it takes the same four
     * arguments and gives the empty map helm template's client-only lookup gives.
     */
    private static Path withoutLookups(Path chart) {
        try {
            Path root = Files.createTempDirectory("chartsec-render-");
            Path target = root.resolve(chart.getFileName().toString());
            try (var walk = Files.walk(chart)) {
                for (Path from : walk.toList()) {
                    Path to = target.resolve(chart.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else if (from.toString().endsWith(".yaml") || from.toString().endsWith(".yml") || from.toString().endsWith(".tpl")
                            || from.toString().endsWith(".txt")) {
                        String text = Files.readString(from, StandardCharsets.UTF_8);
                        Files.writeString(to, ACTION.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                                m.group().replaceAll("\\blookup\\b", "omit (dict)"))), StandardCharsets.UTF_8);
                    } else {
                        Files.copy(from, to);
                    }
                }
            }
            return root;
        } catch (IOException e) {
            throw new Targets.BadTarget(chart + ": cannot be read: " + e.getMessage());
        }
    }

    /** A packaged chart's files in a temporary folder; an entry that would land outside it is refused. */
    private static Path unpack(Path tgz) {
        try {
            Path root = Files.createTempDirectory("chartsec-unpack-");
            try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(tgz))) {
                TarEntries.forEach(in, Targets.MAX_BYTES, (name, content) -> {
                    Path to = root.resolve(name).normalize();
                    if (!to.startsWith(root)) {
                        throw new Targets.BadTarget(tgz + ": an entry leads outside the package (" + name + ")");
                    }
                    Files.createDirectories(to.getParent());
                    Files.write(to, content);
                    return false;
                });
            }
            return root;
        } catch (IOException e) {
            throw new Targets.BadTarget(tgz + ": not a readable chart package (" + e.getMessage() + ")");
        }
    }

    private static Path onlyChild(Path dir, Path tgz) {
        try (var list = Files.list(dir)) {
            List<Path> children = list.toList();
            if (children.size() != 1 || !Files.isDirectory(children.get(0))) {
                throw new Targets.BadTarget(tgz + ": a chart package holds one chart folder");
            }
            return children.get(0);
        } catch (IOException e) {
            throw new Targets.BadTarget(tgz + ": not a readable chart package");
        }
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temporary copy; the system's temporary folder is cleaned anyway
        }
    }

    private static String inProcessRender(Path chart, Path shown, Targets.Render render) {
        if (!render.apiVersions().isEmpty()) {
            throw new Targets.BadTarget(shown + ": --api-versions needs a Helm CLI (put helm on PATH or set CHARTSEC_HELM)");
        }
        try {
            var command = new Helm(chart).template().withName(render.releaseName()).withNamespace(render.namespace())
                    .withKubeVersion(render.kubeVersion());
            render.valuesFiles().forEach(command::withValuesFile);
            render.sets().forEach(command::set);
            return command.call();
        } catch (IllegalStateException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().strip().lines().findFirst().orElse("");
            throw new Targets.BadTarget(shown + ": the chart does not render: " + message);
        }
    }
}
