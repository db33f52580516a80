package dev.chartsec.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import dev.chartsec.option.AnswersFile;

/**
 * What `chartsec audit` reads: rendered manifests (a file, a folder of them, or stdin), or a chart (a
 * directory with Chart.yaml, or a packaged .tgz) rendered in-process by Helm as `helm template` would.
 */
public final class Targets {
    /** A target that cannot be read, parsed or rendered: reported, and the audit exits 2. */
    public static class BadTarget extends RuntimeException {
        public BadTarget(String message) {
            super(message, null, false, false);
        }
    }

    /** One unit to audit: its name and its objects. */
    public record Loaded(String name, List<Map<String, Object>> objects) {
    }

    /** How charts are rendered: release name, namespace, values files, --set values. */
    public record Render(String namespace, List<Path> valuesFiles, Map<String, String> sets) {
    }

    private Targets() {
    }

    public static List<Loaded> load(String target, Render render, InputStream stdin) {
        if (target.equals("-")) {
            try {
                return List.of(new Loaded("-", parse("-", new String(stdin.readAllBytes(), StandardCharsets.UTF_8))));
            } catch (IOException e) {
                throw new BadTarget("-: cannot read standard input: " + e.getMessage());
            }
        }
        Path path = Path.of(target);
        if (!Files.exists(path)) {
            throw new BadTarget(target + ": no such file or directory");
        }
        if (Files.isDirectory(path) && Files.exists(path.resolve("Chart.yaml")) || target.endsWith(".tgz")) {
            return List.of(new Loaded(target, parse(target, HelmRender.template(path, render))));
        }
        if (Files.isDirectory(path)) {
            List<Loaded> loaded = new ArrayList<>();
            try (Stream<Path> files = Files.walk(path)) {
                for (Path f : files.filter(Files::isRegularFile).filter(Targets::isManifest).sorted().toList()) {
                    loaded.add(new Loaded(f.toString(), parse(f.toString(), read(f))));
                }
            } catch (IOException e) {
                throw new BadTarget(target + ": cannot be read: " + e.getMessage());
            }
            return loaded;
        }
        return List.of(new Loaded(target, parse(target, read(path))));
    }

    private static boolean isManifest(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new BadTarget(f + ": cannot be read: " + e.getMessage());
        }
    }

    /** A multi-document stream: empty documents are skipped; anything but an object with a kind is refused. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String name, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(64 * 1024 * 1024);
        List<Map<String, Object>> docs = new ArrayList<>();
        try {
            int i = 0;
            for (Object doc : new Yaml(new SafeConstructor(options)).loadAll(text)) {
                i++;
                if (doc == null) {
                    continue;
                }
                if (!(doc instanceof Map<?, ?> m) || !(m.get("kind") instanceof String)) {
                    throw new BadTarget(name + ": document " + i + " is not a Kubernetes object (no kind)");
                }
                docs.add((Map<String, Object>) m);
            }
        } catch (YAMLException e) {
            throw new BadTarget(name + ": malformed YAML: " + AnswersFile.reason(e));
        }
        return docs;
    }
}
