package dev.chartsec.generate;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A generated chart in memory: relative paths (always '/'-separated, never absolute, never with '..')
 * to UTF-8 contents, in a fixed order so every writer produces the same bytes for the same chart.
 */
public record ChartFiles(String name, SortedMap<String, String> files) {

    public ChartFiles {
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            copy.put(safePath(e.getKey()), e.getValue());
        }
        files = Collections.unmodifiableSortedMap(copy);
    }

    public byte[] bytes(String path) {
        return files.get(path).getBytes(StandardCharsets.UTF_8);
    }

    public String get(String path) {
        return files.get(path);
    }

    /** Files a packaged chart leaves out (.helmignore names them too). */
    public static boolean packaged(String path) {
        return !path.startsWith(".chartsec/");
    }

    static String safePath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("//")
                || ("/" + path + "/").contains("/../") || ("/" + path + "/").contains("/./")) {
            throw new IllegalArgumentException("unsafe path in chart: " + path);
        }
        return path;
    }
}
