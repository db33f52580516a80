package dev.chartsec.generate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.chartsec.io.ClasspathResource;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Expression;
import io.quarkus.qute.RawString;
import io.quarkus.qute.ResultMapper;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateNode.Origin;
import io.quarkus.qute.ValueResolver;
import io.quarkus.qute.Variant;

/**
 * The Qute templates of the chart, parsed once. Every expression's output passes a mapper chosen by the
 * file's kind, the way an HTML engine escapes by default:
 * <ul>
 * <li>YAML and JSON files: each value is written as a quoted JSON scalar or flow node, so user text can
 * only ever be a value;</li>
 * <li>Markdown: user text is escaped;</li>
 * <li>Helm templates: only a DNS-1123 label (the chart's name) may be inserted, and anything else stops
 * the generation, since Helm would read it as template code.</li>
 * </ul>
 * Only {@code RawString} output (from {@code .raw}) passes unchanged; chartsec uses it for text it made
 * and escaped itself.
 */
public final class ChartTemplates {
    static final String YAML = "application/yaml";
    static final String JSON = "application/json";
    static final String MARKDOWN = "text/markdown";
    static final String HELM = "text/x-helm-template";

    private static final Pattern HELM_SAFE = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final String ROOT = "chart-templates/";
    private static volatile ChartTemplates standard;

    private final Map<String, Template> templates = new LinkedHashMap<>();

    private ChartTemplates() {
        Engine engine = Engine.builder()
                .addDefaults()
                .addValueResolver(new io.quarkus.qute.ReflectionValueResolver())
                // {x.raw}: output chartsec's own, already escaped text as it is
                .addValueResolver(ValueResolver.builder().applyToName("raw")
                        .resolveSync(ctx -> new RawString(String.valueOf(ctx.getBase()))).build())
                .addResultMapper(mapper(YAML, JsonText::write))
                .addResultMapper(mapper(JSON, JsonText::write))
                .addResultMapper(mapper(MARKDOWN, v -> MarkdownText.escape(String.valueOf(v))))
                .addResultMapper(mapper(HELM, ChartTemplates::helmSafe))
                .strictRendering(true)
                .build();
        for (ChartLayout.Entry e : ChartLayout.ENTRIES) {
            Variant variant = new Variant(Locale.ROOT, e.contentType(), "UTF-8");
            templates.put(e.template(), engine.parse(ClasspathResource.text(ROOT + e.template()), variant, e.template()));
        }
    }

    /** The templates, parsed on first use and shared: a parsed Qute template is immutable and thread-safe. */
    public static ChartTemplates standard() {
        ChartTemplates t = standard;
        if (t == null) {
            synchronized (ChartTemplates.class) {
                t = standard;
                if (t == null) {
                    standard = t = new ChartTemplates();
                }
            }
        }
        return t;
    }

    String render(String template, Map<String, Object> data) {
        Template t = templates.get(template);
        if (t == null) {
            throw new IllegalArgumentException("no template " + template);
        }
        var instance = t.instance();
        data.forEach(instance::data);
        return instance.render();
    }

    private static String helmSafe(Object value) {
        String s = String.valueOf(value);
        if (!HELM_SAFE.matcher(s).matches()) {
            throw new IllegalStateException("refusing to write " + s.length() + " characters of text into a Helm template");
        }
        return s;
    }

    private static ResultMapper mapper(String contentType, java.util.function.Function<Object, String> write) {
        return new ResultMapper() {
            @Override
            public boolean appliesTo(Origin origin, Object result) {
                return !(result instanceof RawString)
                        && origin.getVariant().map(v -> contentType.equals(v.getContentType())).orElse(false);
            }

            @Override
            public String map(Object result, Expression expression) {
                return write.apply(result);
            }
        };
    }
}
