package dev.chartsec.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What `chartsec audit` reads: rendered manifests (a file, a folder of them, or stdin), or a chart (a
 * directory with Chart.yaml, or a packaged .tgz) rendered in-process by Helm as `helm template` would.
 * Every input is bounded ({@link #MAX_BYTES}), must be UTF-8, and must hold at least one object: an empty
 * input is an error, never a pass. Symbolic links that lead out of a chart or a folder are refused.
 */
public final class Targets {
    /** The largest input one target may be (a file, stdin, or a chart's rendered output): 32 MiB. */
    public static final int MAX_BYTES = 32 * 1024 * 1024;
    /** The Kubernetes version charts are rendered for unless --kube-version names another. */
    public static final String KUBE_VERSION = "1.35.0";

    /** A target that cannot be read, parsed or rendered: reported, and the audit exits 2. */
    public static class BadTarget extends RuntimeException {
        public BadTarget(String message) {
            super(message, null, false, false);
        }
    }

    /** One unit to audit: its name and its objects. */
    public record Loaded(String name, List<Map<String, Object>> objects) {
    }

    /** How charts are rendered, as helm template takes it: release name, namespace, Kubernetes and API versions, values. */
    public record Render(String releaseName, String namespace, String kubeVersion, List<String> apiVersions, List<Path> valuesFiles,
            Map<String, String> sets) {
    }

    /** A note for the user about a target (something the render left out); printed on stderr. */
    public interface Notes {
        void note(String text);
    }

    private Targets() {
    }

    public static List<Loaded> load(String target, Render render, InputStream stdin) {
        return load(target, render, stdin, text -> { });
    }

    public static List<Loaded> load(String target, Render render, InputStream stdin, Notes notes) {
        if (target.equals("-")) {
            byte[] bytes;
            try {
                bytes = stdin.readNBytes(MAX_BYTES + 1);
            } catch (IOException e) {
                throw new BadTarget("-: cannot read standard input: " + e.getMessage());
            }
            if (bytes.length > MAX_BYTES) {
                throw new BadTarget("-: standard input is larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
            }
            return List.of(new Loaded("-", nonEmpty("-", parse("-", utf8("-", bytes)))));
        }
        Path path = Path.of(target);
        if (!Files.exists(path)) {
            throw new BadTarget(target + ": no such file or directory");
        }
        if (Files.isDirectory(path) && Files.exists(path.resolve("Chart.yaml")) || target.endsWith(".tgz")) {
            if (Files.isDirectory(path)) {
                refuseLinksOutside(path);
            }
            HelmRender.Rendered result = HelmRender.template(path, render);
            if (result.note() != null) {
                notes.note(result.note());
            }
            String rendered = java.util.Objects.requireNonNullElse(result.manifests(), "");
            if (rendered.length() > MAX_BYTES) {
                throw new BadTarget(target + ": the chart renders more than " + MAX_BYTES / (1024 * 1024) + " MiB");
            }
            return List.of(new Loaded(target, nonEmpty(target + " (rendered)", parse(target, rendered))));
        }
        if (Files.isDirectory(path)) {
            refuseLinksOutside(path);
            List<Loaded> loaded = new ArrayList<>();
            try (Stream<Path> files = Files.walk(path)) {
                for (Path f : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p))
                        .filter(Targets::isManifest).sorted().toList()) {
                    loaded.add(new Loaded(f.toString(), parse(f.toString(), read(f))));
                }
            } catch (IOException e) {
                throw new BadTarget(target + ": cannot be read: " + e.getMessage());
            }
            if (loaded.stream().allMatch(l -> l.objects().isEmpty())) {
                throw new BadTarget(target + ": the folder holds no Kubernetes objects (*.yaml, *.yml, *.json)");
            }
            return loaded;
        }
        return List.of(new Loaded(target, nonEmpty(target, parse(target, read(path)))));
    }

    private static List<Map<String, Object>> nonEmpty(String name, List<Map<String, Object>> objects) {
        if (objects.isEmpty()) {
            throw new BadTarget(name + ": no Kubernetes objects (an empty input is an error, never a pass)");
        }
        return objects;
    }

    /** A chart or folder may use links inside itself; one that leads outside could read any file of the machine. */
    private static void refuseLinksOutside(Path root) {
        try {
            Path realRoot = root.toRealPath();
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.filter(Files::isSymbolicLink).toList()) {
                    Path real;
                    try {
                        real = p.toRealPath();
                    } catch (IOException e) {
                        throw new BadTarget(p + ": a symbolic link that leads nowhere");
                    }
                    if (!real.startsWith(realRoot)) {
                        throw new BadTarget(p + ": a symbolic link that leads outside " + root + "; refused");
                    }
                }
            }
        } catch (IOException e) {
            throw new BadTarget(root + ": cannot be read: " + e.getMessage());
        }
    }

    private static boolean isManifest(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    private static String read(Path f) {
        try {
            if (Files.size(f) > MAX_BYTES) {
                throw new BadTarget(f + ": larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
            }
            return utf8(f.toString(), Files.readAllBytes(f));
        } catch (IOException e) {
            throw new BadTarget(f + ": cannot be read" + (Files.isDirectory(f) ? " (a directory)" : ""));
        }
    }

    private static String utf8(String name, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadTarget(name + ": not UTF-8 text");
        }
    }

    /**
     * A multi-document stream read as Kubernetes reads it ({@link KubeYaml}): empty documents are skipped, the
     * items of a {@code kind: List} are its objects, and anything but an object with a kind is refused.
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String name, String text) {
        List<Object> docs;
        try {
            docs = KubeYaml.readAll(text, MAX_BYTES);
        } catch (KubeYaml.Malformed e) {
            throw new BadTarget(name + ": malformed YAML: " + e.getMessage());
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            Object doc = docs.get(i);
            if (doc == null) {
                continue;
            }
            String where = name + ": document " + (i + 1);
            Map<String, Object> object = object(doc, where);
            if (isList(object)) {
                List<?> items = object.get("items") == null ? List.of() : (List<?>) object.get("items");
                for (int j = 0; j < items.size(); j++) {
                    objects.add(object(items.get(j), where + ", items[" + j + "]"));
                }
            } else {
                objects.add(object);
            }
        }
        return objects;
    }

    /** A List as kubectl takes one: a kind ending in List, with items that are a list. */
    private static boolean isList(Map<String, Object> object) {
        String kind = (String) object.get("kind");
        return kind.endsWith("List") && (object.get("items") == null || object.get("items") instanceof List);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object doc, String where) {
        if (!(doc instanceof Map<?, ?> m) || !(m.get("kind") instanceof String kind) || kind.isEmpty()) {
            throw new BadTarget(where + " is not a Kubernetes object (no kind)");
        }
        return (Map<String, Object>) m;
    }
}
