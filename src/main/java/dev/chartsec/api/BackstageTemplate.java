package dev.chartsec.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import dev.chartsec.generate.JsonText;
import dev.chartsec.option.Option;
import dev.chartsec.option.OptionCatalog;

/**
 * chartsec's Backstage software template (integrations/backstage/template.yaml), made from the catalog: each
 * field of its form carries the service's own request schema for that option (pattern, choices, bounds,
 * refused values), so the portal's form refuses what the service refuses. The chart's files come from
 * {@code GET /api/v1/charts/NAME.json}, a read-only call that the scaffolder's dry run (the template editor)
 * may make too. The header comment is the complete configuration the template needs, valid as it stands.
 */
public final class BackstageTemplate {
    /** The form's pages and the options each asks, in order. Every other option keeps its default. */
    static final Map<String, List<String>> PAGES = pages();

    /** The backend modules the template's actions come from, as a backend's index.js adds them. */
    public static final List<String> MODULES = List.of(
            "@backstage/plugin-proxy-backend",
            "@backstage/plugin-scaffolder-backend",
            "@backstage/plugin-scaffolder-backend-module-github",
            "@backstage/plugin-catalog-backend-module-scaffolder-entity-model",
            "@roadiehq/scaffolder-backend-module-http-request",
            "@roadiehq/scaffolder-backend-module-utils");

    /** Marks the app-config.yaml part of the header comment, which tests load as it is written. */
    public static final String CONFIG_MARK = "# app-config.yaml:";
    private static final String STEP_PREFIX = "#   ";

    private BackstageTemplate() {
    }

    private static Map<String, List<String>> pages() {
        Map<String, List<String>> pages = new LinkedHashMap<>();
        pages.put("Chart", List.of("chart.name", "chart.description"));
        pages.put("Image", List.of("image.repository", "image.tag", "image.digest"));
        pages.put("Workload", List.of("containerPort", "replicaCount", "resources.preset"));
        pages.put("Traffic", List.of("networkPolicy.egress.postgresql.enabled", "networkPolicy.egress.redis.enabled",
                "networkPolicy.egress.externalHttps.enabled"));
        return pages;
    }

    /** The template's form key of an option: its id with dots as underscores (template expressions read them plainly). */
    public static String key(String id) {
        return id.replace('.', '_');
    }

    public static String render(OptionCatalog catalog) {
        List<Object> parameters = new ArrayList<>();
        Map<String, Object> query = new LinkedHashMap<>();
        PAGES.forEach((title, ids) -> {
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("title", title);
            List<String> required = new ArrayList<>();
            Map<String, Object> properties = new LinkedHashMap<>();
            for (String id : ids) {
                Option o = catalog.find(id).orElseThrow(() -> new IllegalStateException("the template asks " + id + ", which the catalog lacks"));
                checkApplies(catalog, o);
                Map<String, Object> field = new LinkedHashMap<>();
                field.put("title", o.prompt());
                field.putAll(OptionsDocument.schemaOf(o));
                if (o.hasDefault()) {
                    field.put("default", o.defaultValue());
                } else if (o.required()) {
                    required.add(key(id));
                } else {
                    throw new IllegalStateException(id + " has no default and is not required: the template would send it undefined");
                }
                properties.put(key(id), field);
                if (!id.equals("chart.name")) {
                    query.put(id, "${{ parameters." + key(id) + " | default(" + JsonText.write(o.defaultValue()) + ") }}");
                }
            }
            if (!required.isEmpty()) {
                page.put("required", required);
            }
            page.put("properties", properties);
            parameters.add(page);
        });
        Map<String, Object> repo = new LinkedHashMap<>();
        repo.put("title", "Repository");
        repo.put("required", List.of("repoUrl"));
        repo.put("properties", Map.of("repoUrl", map("title", "Repository location", "type", "string", "ui:field", "RepoUrlPicker",
                "ui:options", Map.of("allowedHosts", List.of("github.com")))));
        parameters.add(repo);

        Map<String, Object> generate = new LinkedHashMap<>();
        generate.put("id", "generate");
        generate.put("name", "Generate the chart with chartsec");
        generate.put("action", "http:backstage:request");
        generate.put("input", map("method", "GET", "path", "/proxy/chartsec/api/v1/charts/${{ parameters." + key("chart.name") + " }}.json",
                "headers", Map.of("Accept", "application/json"), "params", query));
        Map<String, Object> write = new LinkedHashMap<>();
        write.put("id", "write");
        write.put("name", "Write the files");
        write.put("action", "roadiehq:utils:fs:write");
        write.put("each", "${{ steps.generate.output.body.files }}");
        write.put("input", map("path", "charts/${{ parameters." + key("chart.name") + " }}/${{ each.key }}", "content", "${{ each.value }}"));
        Map<String, Object> publish = new LinkedHashMap<>();
        publish.put("id", "publish");
        publish.put("name", "Publish");
        publish.put("action", "publish:github");
        publish.put("input", map("repoUrl", "${{ parameters.repoUrl }}", "description",
                "Helm chart ${{ parameters." + key("chart.name") + " }}, generated by chartsec", "defaultBranch", "main"));

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("owner", "group:platform");
        spec.put("type", "service");
        spec.put("parameters", parameters);
        spec.put("steps", List.of(generate, write, publish));
        spec.put("output", Map.of("links", List.of(map("title", "Repository", "url", "${{ steps.publish.output.remoteUrl }}"))));
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("apiVersion", "scaffolder.backstage.io/v1beta3");
        template.put("kind", "Template");
        template.put("metadata", map("name", "chartsec-helm-chart", "title", "Secure Helm chart (chartsec)", "description",
                "A Helm chart that passes the Pod Security Standards restricted profile and the usual scanners.", "tags",
                List.of("helm", "kubernetes", "security")));
        template.put("spec", spec);

        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        return header() + new Yaml(options).dump(template);
    }

    /** The options the form leaves out keep their defaults; an asked option must apply under them. */
    private static void checkApplies(OptionCatalog catalog, Option o) {
        o.when().forEach((other, values) -> {
            boolean asked = PAGES.values().stream().anyMatch(ids -> ids.contains(other));
            Object fallback = catalog.find(other).map(Option::defaultValue).orElse(null);
            if (asked || !values.contains(fallback)) {
                throw new IllegalStateException(o.id() + " applies only when " + other + " is " + values + ", which the form cannot say");
            }
        });
    }

    private static String header() {
        StringBuilder h = new StringBuilder();
        h.append("# A Backstage software template for chartsec, generated by `chartsec backstage-template` from chartsec's\n");
        h.append("# option catalog: its form refuses what the service refuses. It asks a few questions, gets the chart's files\n");
        h.append("# from GET /api/v1/charts/NAME.json through the Backstage proxy (a read-only call, so the template editor's\n");
        h.append("# dry run works), writes them and publishes them. A refusal from chartsec fails the generate step, and its\n");
        h.append("# problem document (each invalid field with what is allowed) is in the task's log.\n");
        h.append("#\n");
        h.append("# Backend modules (packages/backend/src/index.ts), with the catalog and an auth provider:\n");
        for (String module : MODULES) {
            h.append("#   backend.add(import('").append(module).append("'));\n");
        }
        h.append("#\n");
        h.append(CONFIG_MARK).append(" the proxy to `chartsec serve` (the API key from the environment, when the service\n");
        h.append("# needs one), and the catalog rule that lets it hold templates.\n");
        for (String line : List.of("proxy:", "  endpoints:", "    /chartsec:", "      target: http://chartsec.platform.svc:8080",
                "      headers:", "        X-API-Key: ${CHARTSEC_API_KEY}", "catalog:", "  rules:", "    - allow: [Component, Template]")) {
            h.append(STEP_PREFIX).append(line).append('\n');
        }
        return h.toString();
    }

    /** The header's app-config.yaml part, uncommented, as Backstage reads it. */
    public static String configOf(String templateText) {
        StringBuilder config = new StringBuilder();
        boolean in = false;
        for (String line : templateText.split("\n")) {
            if (line.startsWith(CONFIG_MARK)) {
                in = true;
            } else if (in && line.startsWith(STEP_PREFIX)) {
                config.append(line.substring(STEP_PREFIX.length())).append('\n');
            } else if (in && !line.startsWith("#")) {
                break;
            }
        }
        return config.toString();
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
