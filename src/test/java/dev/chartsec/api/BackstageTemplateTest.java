package dev.chartsec.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import dev.chartsec.generate.JsonText;
import dev.chartsec.option.Option;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.testing.Chartsec;

/** The committed Backstage template is the generator's output, and its form carries the service's constraints. */
class BackstageTemplateTest {
    private static final OptionCatalog CATALOG = OptionCatalog.standard();

    @Test
    void theCommittedTemplateIsUpToDate() throws IOException {
        assertEquals(BackstageTemplate.render(CATALOG), Files.readString(Chartsec.HOME.resolve("integrations/backstage/template.yaml")),
                "run: bin/chartsec backstage-template > integrations/backstage/template.yaml");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFieldCarriesTheRequestSchemaOfItsOption() {
        Map<String, Object> template = new Yaml().load(BackstageTemplate.render(CATALOG));
        Map<String, Object> requestSchema = (Map<String, Object>) OptionsDocument.requestSchema(CATALOG).get("properties");
        int fields = 0;
        for (Map<String, Object> page : (List<Map<String, Object>>) ((Map<String, Object>) template.get("spec")).get("parameters")) {
            for (Map.Entry<String, Object> property : ((Map<String, Object>) page.get("properties")).entrySet()) {
                if (property.getKey().equals("repoUrl")) {
                    continue;
                }
                String id = property.getKey().replace('_', '.');
                Option option = CATALOG.find(id).orElseThrow();
                Map<String, Object> field = new LinkedHashMap<>((Map<String, Object>) property.getValue());
                assertEquals(option.prompt(), field.remove("title"));
                // compared as JSON: YAML reads whole numbers as Integer, the catalog holds Long
                assertEquals(JsonText.write(option.defaultValue()), JsonText.write(field.remove("default")), id);
                assertEquals(JsonText.write(requestSchema.get(id)), JsonText.write(field), id + " carries exactly the service's schema");
                fields++;
            }
        }
        assertEquals(BackstageTemplate.PAGES.values().stream().mapToInt(List::size).sum(), fields);
    }

    @Test
    void formKeysMapBackToOptionIds() {
        CATALOG.options().forEach(o -> assertFalse(o.id().contains("_"), o.id() + ": the form key replaces dots with underscores"));
        String config = BackstageTemplate.configOf(BackstageTemplate.render(CATALOG));
        assertTrue(config.startsWith("proxy:\n") && config.contains("X-API-Key: ${CHARTSEC_API_KEY}"), config);
    }
}
