package dev.chartsec.wizard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.chartsec.generate.JsonText;
import dev.chartsec.generate.SecuritySummary;
import dev.chartsec.option.AnswerValidator;
import dev.chartsec.option.ChartSpec;
import dev.chartsec.option.FlagValues;
import dev.chartsec.option.InvalidAnswersException;
import dev.chartsec.option.Option;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.option.ValueSyntax;
import dev.chartsec.option.OptionType;
import dev.chartsec.option.Violation;
import dev.chartsec.option.Warning;

/**
 * Asks the catalog's questions and returns valid answers. Options already answered (flags, NAME) are
 * not asked, nor those whose condition is false; the quick path asks only the options marked quick and
 * takes the defaults of the rest. Every answer is checked as it is typed and asked again until valid;
 * rules between options are checked at the end, and the options they name are asked again.
 */
public final class Wizard {
    static final String HELP = "?";
    static final String EMPTY_TEXT = "\"\"";

    private final OptionCatalog catalog;
    private final Console console;
    private final Style style;
    private final FlagValues flags;

    public Wizard(OptionCatalog catalog, Console console) {
        this.catalog = catalog;
        this.console = console;
        this.style = console.style();
        this.flags = new FlagValues(catalog);
    }

    /**
     * Runs the questions. {@code onName} is called as soon as the chart's name is known, so the caller can
     * refuse a destination before any other question.
     */
    public ChartSpec run(Map<String, Object> given, Consumer<String> onName) {
        Map<String, Object> answers = new LinkedHashMap<>(given);
        console.say(style.bold("chartsec: a secure Helm chart in a few questions.")
                + style.dim(" Enter takes the [default], ? explains a question, Ctrl-C stops without writing."));
        if (!answers.containsKey("chart.name")) {
            answers.put("chart.name", askOption(catalog.get("chart.name"), Map.of()));
        }
        onName.accept((String) answers.get("chart.name"));
        boolean advanced = "advanced".equals(askChoice("Questions: quick (the essentials) or advanced (every option)",
                List.of("quick", "advanced"), "quick",
                "quick asks the image, the port and the security choices, and takes the defaults of everything else; "
                        + "advanced asks every option that applies."));
        Set<String> toAsk = new LinkedHashSet<>();
        for (Option o : catalog.options()) {
            if (!answers.containsKey(o.id()) && (advanced || o.quick() || o.required() && !o.hasDefault())) {
                toAsk.add(o.id());
            }
        }
        while (true) {
            Map<String, Object> resolved = new LinkedHashMap<>();
            for (Option o : catalog.options()) {
                if (toAsk.contains(o.id()) && o.appliesWith(resolved)) {
                    answers.put(o.id(), askOption(o, resolved));
                }
                resolved.put(o.id(), answers.containsKey(o.id()) ? typed(o, answers.get(o.id())) : o.defaultOrEmpty());
            }
            try {
                ChartSpec spec = new AnswerValidator(catalog).validate(answers);
                if (confirm(spec)) {
                    return spec;
                }
                throw new WizardAborted("not confirmed");
            } catch (InvalidAnswersException e) {
                toAsk.clear();
                for (Violation v : e.violations()) {
                    console.say(style.error("  " + v.message()));
                    String id = baseId(v.option());
                    answers.remove(id);
                    toAsk.add(id);
                }
            }
        }
    }

    /** Asks one option until its answer is valid; returns the answer as the validator takes it. */
    private Object askOption(Option o, Map<String, Object> resolved) {
        return switch (o.type()) {
            case LIST -> askList(o);
            case MAP -> askMap(o);
            default -> askScalar(o, o.prompt(), o.defaultValue());
        };
    }

    private Object askScalar(Option o, String prompt, Object defaultValue) {
        List<String> choices = o.type() == OptionType.CHOICE ? o.choices()
                : o.type() == OptionType.BOOLEAN ? List.of("yes", "no") : List.of();
        String shownDefault = defaultValue == null ? null
                : defaultValue instanceof Boolean b ? (b ? "yes" : "no") : String.valueOf(defaultValue);
        while (true) {
            String line = ask(prompt, choices, shownDefault, helpOf(o) + "Allowed: " + o.allowedText() + ".");
            if (line.isEmpty()) {
                if (defaultValue != null) {
                    return defaultValue;
                }
                if (!o.required()) {
                    return o.defaultOrEmpty();
                }
                console.say(style.error("  an answer is required; allowed: " + o.allowedText()));
                continue;
            }
            List<Violation> parse = new ArrayList<>();
            Object value = flags.value(o.id(), line, parse);
            AnswerValidator.Checked checked = AnswerValidator.checkOne(o, value);
            if (parse.isEmpty() && checked.ok()) {
                checked.warnings().forEach(w -> console.say(style.error("  warning: ") + w.message()));
                return checked.value();
            }
            parse.forEach(v -> console.say(style.error("  " + v.message())));
            checked.violations().forEach(v -> console.say(style.error("  " + v.message())));
        }
    }

    private List<Object> askList(Option o) {
        List<?> current = (List<?>) o.defaultOrEmpty();
        console.say(style.bold(label(o)) + style.dim(" (one per answer, an empty answer ends the list, \"\" is empty text; ? explains)"));
        if (!current.isEmpty()) {
            console.say("  default: " + JsonText.write(current));
        }
        List<Object> items = new ArrayList<>();
        while (o.maxItems() == null || items.size() < o.maxItems()) {
            Option item = o.item();
            if (item.type() == OptionType.OBJECT) {
                String more = askChoice("  add " + (items.isEmpty() ? "an" : "another") + " entry?", List.of("yes", "no"), "no",
                        helpOf(o) + "Each entry: " + item.allowedText() + ".");
                if (!"yes".equals(more)) {
                    break;
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                for (Option field : item.fields()) {
                    Object v = field.type() == OptionType.LIST ? askList(field)
                            : field.type() == OptionType.MAP ? askMap(field)
                            : askScalar(field, "    " + field.id(), field.defaultValue());
                    entry.put(field.id(), v);
                }
                AnswerValidator.Checked checked = AnswerValidator.checkOne(o, List.of(entry));
                if (checked.ok()) {
                    items.add(entry);
                } else {
                    checked.violations().forEach(v -> console.say(style.error("  " + v.message() + " (entry not added)")));
                }
            } else {
                String line = ask("  " + (items.isEmpty() ? "first" : "next") + " item", item.choices() == null ? List.of() : item.choices(),
                        null, helpOf(o) + "Each item: " + item.allowedText() + ".");
                if (line.isEmpty()) {
                    break;
                }
                if (EMPTY_TEXT.equals(line)) {
                    line = ""; // an empty answer ends the list, so "" stands for the empty text (the core API group)
                }
                AnswerValidator.Checked checked = AnswerValidator.checkOne(item, line);
                if (checked.ok()) {
                    items.add(checked.value());
                } else {
                    checked.violations().forEach(v -> console.say(style.error("  " + v.message())));
                }
            }
        }
        return items.isEmpty() && !current.isEmpty() ? List.copyOf(current) : items;
    }

    private Map<String, Object> askMap(Option o) {
        @SuppressWarnings("unchecked")
        Map<String, Object> current = (Map<String, Object>) o.defaultOrEmpty();
        console.say(style.bold(label(o)) + style.dim(" (KEY=VALUE per answer, an empty answer ends; ? explains)"));
        if (!current.isEmpty()) {
            console.say("  default: " + JsonText.write(current) + style.dim(" (an empty first answer keeps it)"));
        }
        Map<String, Object> entries = new TreeMap<>();
        while (o.maxItems() == null || entries.size() < o.maxItems()) {
            String line = ask("  entry", List.of(), null, helpOf(o) + "Keys: " + o.key().allowedText()
                    + ". Values: " + o.value().allowedText() + ".");
            if (line.isEmpty()) {
                break;
            }
            java.util.Optional<Map.Entry<String, String>> pair = ValueSyntax.keyValue(line);
            if (pair.isEmpty()) {
                console.say(style.error("  write KEY=VALUE"));
                continue;
            }
            String key = pair.get().getKey();
            String value = pair.get().getValue();
            AnswerValidator.Checked k = AnswerValidator.checkOne(o.key(), key);
            AnswerValidator.Checked v = AnswerValidator.checkOne(o.value(), value);
            if (k.ok() && v.ok()) {
                entries.put(key, value);
            } else {
                k.violations().forEach(x -> console.say(style.error("  " + x.message())));
                v.violations().forEach(x -> console.say(style.error("  " + x.message())));
            }
        }
        return entries.isEmpty() && !current.isEmpty() ? new TreeMap<>(current) : entries;
    }

    /** One line, with "?" answered by the help text and the question asked again. */
    private String ask(String prompt, List<String> choices, String shownDefault, String help) {
        StringBuilder p = new StringBuilder(style.bold(prompt));
        if (!choices.isEmpty() && !choices.equals(List.of("yes", "no"))) {
            p.append(style.dim(" (" + String.join("/", choices) + ")"));
        } else if (choices.equals(List.of("yes", "no"))) {
            p.append(style.dim(" (y/n)"));
        }
        if (shownDefault != null && !shownDefault.isEmpty()) {
            p.append(" [").append(shownDefault).append(']');
        }
        p.append(": ");
        while (true) {
            String line = console.ask(p.toString(), choices);
            if (!HELP.equals(line)) {
                return line;
            }
            console.say(style.dim("  " + help));
        }
    }

    private boolean confirm(ChartSpec spec) {
        console.say("");
        console.say(style.bold("Your answers") + style.dim(" (those that differ from the defaults):"));
        spec.chosen(catalog).forEach((id, value) -> console.say("  " + id + " = " + JsonText.write(value)));
        SecuritySummary summary = SecuritySummary.of(spec);
        console.say(style.bold("Enforced:"));
        summary.enforced().forEach(s -> console.say(style.ok("  + ") + s));
        if (!summary.opened().isEmpty()) {
            console.say(style.bold("Opened by your answers:"));
            summary.opened().forEach(s -> console.say(style.error("  ! ") + s));
        }
        for (Warning w : spec.warnings()) {
            console.say(style.error("  warning: ") + w.text());
        }
        return "yes".equals(askChoice("Write the chart?", List.of("yes", "no"), "yes",
                "yes writes the chart; no stops without writing anything."));
    }

    /** Asks until the answer is one of the choices (or a yes/no abbreviation); empty takes the default. */
    private String askChoice(String prompt, List<String> choices, String defaultChoice, String help) {
        while (true) {
            String line = ask(prompt, choices, defaultChoice, help).toLowerCase(java.util.Locale.ROOT);
            if (line.isEmpty()) {
                return defaultChoice;
            }
            for (String c : choices) {
                if (c.equals(line) || c.startsWith(line) && choices.stream().filter(x -> x.startsWith(line)).count() == 1) {
                    return c;
                }
            }
            console.say(style.error("  answer one of " + String.join(", ", choices)));
        }
    }

    private Object typed(Option o, Object answer) {
        AnswerValidator.Checked c = AnswerValidator.checkOne(o, answer);
        return c.ok() ? c.value() : o.defaultOrEmpty();
    }

    private static String helpOf(Option o) {
        return o.help() == null ? "" : o.help() + " ";
    }

    /** An option's question, or a field's name (fields of list entries have no prompt of their own). */
    private static String label(Option o) {
        return o.prompt() != null ? o.prompt() : "    " + o.id();
    }

    /** "writableDirs[0].path" and "env key" name the option "env". */
    static String baseId(String path) {
        int cut = path.length();
        for (char c : new char[] {'[', ' '}) {
            int i = path.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return path.substring(0, cut);
    }
}
