package dev.chartsec.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.Variant;

import dev.chartsec.generate.JsonText;
import dev.chartsec.io.ClasspathResource;
import dev.chartsec.option.Option;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.option.OptionType;

/**
 * The web page: the chart form, made from the option catalog (its groups, prompts, help, defaults, allowed
 * values and conditions), with the values of a shared link filled in. It holds no rule: the page asks the
 * preview endpoint, which validates as the API does. Every value is HTML-escaped by the template engine.
 */
public final class FormPage {
    /**
     * One field of the form.
     *
     * @param control  input, checkbox, select or textarea
     * @param value    the text shown: the shared link's, else the default's
     * @param fallback the default's text: a field holding it is not sent
     * @param when     the catalog's condition as JSON (option id to the values that make this field apply), or ""
     */
    public record Field(String id, String label, String type, String control, String value, String fallback, List<String> choices,
            String when, String allowed, String help, boolean required) {
        /** Whether the shown value is not the default's (the page then says which the default is). */
        public boolean changed() {
            return !value.equals(fallback);
        }

        /** A check box or a list of choices says what it allows by itself; other fields get the catalog's sentence. */
        public boolean hinted() {
            return !control.equals("checkbox") && !control.equals("select");
        }

        public boolean checked() {
            return "true".equals(value);
        }

        /** The id as an HTML id: dots and brackets are valid there, but not in CSS selectors, so they are replaced. */
        public String htmlId() {
            return id.replaceAll("[^A-Za-z0-9_-]", "-");
        }
    }

    /** The options of one catalog group; open when it holds a quick-path question or a value from the link. */
    public record Group(String name, String title, List<Field> fields, boolean open) {
    }

    private final OptionCatalog catalog;
    private final Template template;
    private final String version;
    private final String blank;

    public FormPage(OptionCatalog catalog, String version) {
        this.catalog = catalog;
        this.version = version;
        Engine engine = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver())
                .addResultMapper(new HtmlEscaper(List.of("text/html"))).strictRendering(true).build();
        this.template = engine.parse(ClasspathResource.text("web/page.html"), new Variant(Locale.ROOT, "text/html", "UTF-8"), "page.html");
        this.blank = render(Map.of());
    }

    /** The page with the given answers (option id to its text) in the form; unknown ids are left to the preview to report. */
    public String render(Map<String, String> given) {
        if (given.isEmpty() && blank != null) {
            return blank;
        }
        Map<String, List<Field>> fields = new LinkedHashMap<>();
        Map<String, Boolean> open = new LinkedHashMap<>();
        for (Option o : catalog.options()) {
            String fallback = FormText.of(o.defaultValue());
            String value = given.getOrDefault(o.id(), fallback);
            fields.computeIfAbsent(o.group(), g -> new ArrayList<>()).add(new Field(o.id(), o.prompt() == null ? o.id() : o.prompt(),
                    o.type().id(), control(o), value, fallback, o.choices() == null ? List.of() : o.choices(),
                    o.when().isEmpty() ? "" : JsonText.write(o.when()), o.allowedText(), o.help() == null ? "" : o.help(), o.required()));
            open.merge(o.group(), o.quick() || given.containsKey(o.id()), Boolean::logicalOr);
        }
        List<Group> groups = new ArrayList<>();
        fields.forEach((g, f) -> groups.add(new Group(g, Character.toUpperCase(g.charAt(0)) + g.substring(1), f, open.get(g))));
        return template.data("groups", groups).data("version", version).render();
    }

    private static String control(Option o) {
        return switch (o.type()) {
            case BOOLEAN -> "checkbox";
            case CHOICE -> "select";
            case LIST -> o.item() != null && o.item().type() == OptionType.OBJECT ? "textarea" : "input";
            case MAP -> "textarea";
            default -> "input";
        };
    }
}
