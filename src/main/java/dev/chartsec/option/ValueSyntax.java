package dev.chartsec.option;

import java.util.AbstractMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The text syntax of answers, the same in every input form (--set, answers files, flow values, the wizard,
 * query parameters): {@code KEY=VALUE} split at the first '=' with both sides trimmed; whole numbers in plain
 * decimal only ({@code 010} is not 8 in one place and 10 in another: it is refused as ambiguous); booleans as
 * true/false, yes/no, on/off (and y/n on the command line).
 */
public final class ValueSyntax {
    /** A whole number: plain decimal, no leading zero, no sign but '-', at most 18 digits. */
    static final Pattern WHOLE = Pattern.compile("-?(0|[1-9][0-9]{0,17})");
    /** What YAML 1.1 or a programmer may read as a number in another base or form: 010, 0x1f, 0o7, 1_000, 1:30. */
    static final Pattern OTHER_NUMBER = Pattern.compile("[-+]?(0[0-9_]+|0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])+|[0-9]+_[0-9_]*|\\+[0-9]+)");

    private ValueSyntax() {
    }

    /** {@code KEY=VALUE}, both sides trimmed; empty when there is no '=' or no key. */
    public static Optional<Map.Entry<String, String>> keyValue(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || text.substring(0, eq).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new AbstractMap.SimpleImmutableEntry<>(text.substring(0, eq).strip(), text.substring(eq + 1).strip()));
    }

    /** A whole number from text, or null when the text is not one in plain decimal. */
    public static Long whole(String text) {
        String t = text.strip();
        return WHOLE.matcher(t).matches() ? Long.parseLong(t) : null;
    }

    /** Whether text looks like a number in a form chartsec does not read (so the message can say why). */
    public static boolean looksLikeOtherNumber(String text) {
        return OTHER_NUMBER.matcher(text.strip()).matches();
    }

    /** A boolean from the command line's words, or null. */
    public static Boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "on" -> Boolean.TRUE;
            case "false", "no", "n", "off" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * A YAML loader whose implicit integers are plain decimal only (YAML 1.1 would read 010 as 8, 0x10 as 16
     * and 1:30 as 90); other number-like text stays text, and the validator says why it is refused.
     * Timestamps stay text too.
     */
    public static Yaml yaml(LoaderOptions options) {
        Resolver resolver = new Resolver() {
            @Override
            protected void addImplicitResolvers() {
                addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO", 10);
                addImplicitResolver(Tag.INT, Pattern.compile("^-?(?:0|[1-9][0-9]*)$"), "-0123456789");
                addImplicitResolver(Tag.FLOAT, Pattern.compile("^-?(?:0|[1-9][0-9]*)\\.[0-9]+(?:[eE][-+]?[0-9]+)?$"), "-0123456789");
                addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
                addImplicitResolver(Tag.NULL, EMPTY, null, 10);
            }
        };
        DumperOptions dump = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dump), dump, options, resolver);
    }
}
