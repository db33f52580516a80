package dev.chartsec.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.chartsec.generate.ChartFiles;
import dev.chartsec.generate.ChartGenerator;
import dev.chartsec.generate.JsonText;
import dev.chartsec.option.AnswerValidator;
import dev.chartsec.option.ChartSpec;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.write.TgzArchive;
import dev.chartsec.write.ZipArchive;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Answers to a chart archive, for the REST API. The same validated answers always give the same bytes,
 * so archives are kept in a small LRU cache keyed by the answers, and their strong ETag is their hash.
 */
@ApplicationScoped
public class ChartService {
    public enum Format {
        ZIP("application/zip", ".zip"), TGZ("application/gzip", ".tgz"), JSON("application/json", ".json");

        final String mediaType;
        final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }
    }

    /** An archive ready to send. */
    public record Archive(String chartName, String chartVersion, Format format, byte[] bytes, String etag) {
        String fileName() {
            return format == Format.TGZ ? chartName + "-" + chartVersion + ".tgz" : chartName + format.extension;
        }
    }

    private final OptionCatalog catalog = OptionCatalog.standard();
    private final AnswerValidator validator = new AnswerValidator(catalog);
    private final ChartGenerator generator = new ChartGenerator(catalog);
    private final Map<String, Archive> cache;
    private final Timer generation;

    public ChartService(MeterRegistry registry, @ConfigProperty(name = "chartsec.cache.entries", defaultValue = "512") int entries) {
        this.cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Archive> eldest) {
                return size() > entries;
            }
        });
        this.generation = Timer.builder("chartsec.generation").description("answers to chart files, in memory")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    public ChartSpec validate(Map<String, Object> answers) {
        return validator.validate(answers);
    }

    public ChartFiles files(ChartSpec spec) {
        return generation.record(() -> generator.generate(spec));
    }

    public String trafficDiagram(ChartSpec spec) {
        return generator.trafficDiagram(spec);
    }

    public Archive archive(ChartSpec spec, Format format) {
        String key = format + JsonText.write(spec.values());
        Archive cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        ChartFiles files = files(spec);
        byte[] bytes = switch (format) {
            case ZIP -> ZipArchive.of(files);
            case TGZ -> TgzArchive.of(files);
            case JSON -> JsonText.write(Map.of("files", files.files())).getBytes(StandardCharsets.UTF_8);
        };
        Archive archive = new Archive(files.name(), spec.text("chart.version"), format, bytes, etag(bytes));
        cache.put(key, archive);
        return archive;
    }

    static String etag(byte[] bytes) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
