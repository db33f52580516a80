package dev.chartsec.option;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One option of the catalog, or one part of one (a list's item, a map's key or value, an object's
 * field). Immutable; built only by {@link OptionCatalog} from {@code wizard/options.yaml}.
 *
 * @param defaultValue the typed default, or null when there is none
 * @param refused      values the pattern admits but that are refused anyway, with the reason
 * @param when         option id to the values it must have for this option to apply
 * @param presets      for a choice, figures that each choice stands for (resources.preset)
 */
public record Option(
        String id,
        String group,
        OptionType type,
        Object defaultValue,
        boolean required,
        Pattern pattern,
        String allowed,
        Integer minLength,
        Integer maxLength,
        Long min,
        Long max,
        Integer maxItems,
        Long warnBelow,
        Map<String, String> refused,
        List<String> choices,
        Option item,
        List<Option> fields,
        Option key,
        Option value,
        String check,
        Map<String, List<Object>> when,
        boolean quick,
        String prompt,
        String help,
        Map<String, Object> presets) {

    public boolean hasDefault() {
        return defaultValue != null;
    }

    /** The value the chart holds when nothing was answered: the default, or the empty value of the type. */
    public Object defaultOrEmpty() {
        if (defaultValue != null) {
            return defaultValue;
        }
        return switch (type) {
            case LIST -> List.of();
            case MAP -> Map.of();
            case BOOLEAN -> Boolean.FALSE;
            default -> "";
        };
    }

    /** What the option admits, for error messages and help: the catalog's sentence or one made from its type. */
    public String allowedText() {
        if (allowed != null) {
            return allowed;
        }
        return switch (type) {
            case BOOLEAN -> "true or false";
            case CHOICE -> "one of " + String.join(", ", choices);
            case INTEGER -> "a whole number" + (min != null ? " from " + min : "") + (max != null ? " to " + max : "");
            case LIST -> "a list of " + item.allowedText();
            case MAP -> "a map of " + key.allowedText() + " to " + value.allowedText();
            case OBJECT -> "an object with " + String.join(", ", fields.stream().map(Option::id).toList());
            case TEXT -> "text";
        };
    }

    /** Whether the option applies, given the values of the options declared before it. */
    public boolean appliesWith(Map<String, Object> values) {
        return Condition.holds(when, values);
    }

    /** The option's field of an object item, by name. */
    public Optional<Option> field(String name) {
        return fields == null ? Optional.empty() : fields.stream().filter(f -> f.id().equals(name)).findFirst();
    }
}
