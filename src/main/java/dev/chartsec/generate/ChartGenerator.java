package dev.chartsec.generate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.chartsec.option.ChartSpec;
import dev.chartsec.option.OptionCatalog;
import io.quarkus.qute.RawString;

/**
 * Validated chart specification in, chart files out, all in memory. Stateless and thread-safe; the same
 * specification always gives the same files.
 */
public final class ChartGenerator {
    private final OptionCatalog catalog;
    private final ChartTemplates templates;
    private final Map<String, Object> schemaFacts;
    /**
     * values.schema.json depends on the catalog alone but for its title, the chart's name: rendered once, with
     * a placeholder title that each chart's name replaces (a third of a default chart's generation time).
     */
    private final String schema;
    private static final String SCHEMA_TITLE = "chartsec-schema-title";

    public ChartGenerator(OptionCatalog catalog) {
        this.catalog = catalog;
        this.templates = ChartTemplates.standard();
        this.schemaFacts = ChartModel.schemaFacts(catalog);
        this.schema = templates.render(ChartLayout.SCHEMA, Map.of("o", schemaFacts, "d", ChartModel.schemaConstants(),
                "a", Map.of("chart", Map.of("name", SCHEMA_TITLE))));
    }

    public ChartFiles generate(ChartSpec spec) {
        String name = spec.text("chart.name");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", name);
        data.put("a", ChartModel.answers(spec));
        data.put("d", ChartModel.derived(spec, catalog));
        data.put("o", schemaFacts);
        data.put("answers", ChartModel.answersToKeep(spec, catalog));

        Map<String, String> files = new TreeMap<>();
        for (ChartLayout.Entry e : ChartLayout.ENTRIES) {
            if (e.template().equals(ChartLayout.README)) {
                continue; // written last: it documents the rendered values.yaml
            }
            files.put(e.path(), e.template().equals(ChartLayout.SCHEMA)
                    ? schema.replace(JsonText.quote(SCHEMA_TITLE), JsonText.quote(name))
                    : templates.render(e.template(), data));
        }
        SecuritySummary summary = SecuritySummary.of(spec);
        data.put("summary", summary);
        data.put("parameters", new RawString(ValuesDoc.table(files.get("values.yaml"))));
        data.put("traffic", new RawString(trafficDiagram(spec)));
        files.put("README.md", templates.render(ChartLayout.README, data));
        return new ChartFiles(name, new TreeMap<>(files));
    }

    /** The chart's traffic as a Mermaid flowchart: what its README draws, and what the web page renders. */
    public String trafficDiagram(ChartSpec spec) {
        return TrafficDiagram.mermaid(spec, ChartModel.ingressController(spec, catalog));
    }
}
