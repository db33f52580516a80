package dev.chartsec.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The commands that make the same chart as answers given in their text forms (the web page shows them to copy):
 * {@code chartsec new} with one {@code --set} an answer, and the curl call of the shareable download. Every
 * user value is single-quoted for the shell, or percent-encoded inside the quoted URL.
 *
 * @param chartsecNew the command line of {@code chartsec new}
 * @param curl        the curl call that downloads the zip
 */
public record EquivalentCommands(String chartsecNew, String curl) {
    /** Words the shell reads as themselves, needing no quotes. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._/=:,@%+-]+");

    static EquivalentCommands of(String name, Map<String, String> answers, String base) {
        List<String> words = new ArrayList<>(List.of("chartsec", "new", "--no-input"));
        StringBuilder query = new StringBuilder();
        if (!answers.containsKey("chart.name")) {
            words.add("--set");
            words.add(quoted("chart.name=" + name));
        }
        answers.forEach((id, text) -> {
            words.add("--set");
            words.add(quoted(id + "=" + text));
            if (!id.equals("chart.name")) {
                query.append(query.isEmpty() ? "?" : "&").append(encoded(id)).append('=').append(encoded(text));
            }
        });
        String url = base + "/api/v1/charts/" + name + ".zip" + query;
        return new EquivalentCommands(String.join(" ", words), "curl -fsS " + quoted(url) + " -o " + name + ".zip");
    }

    /** The word as the shell must be given it: as it is when plain, else in single quotes. */
    static String quoted(String word) {
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /** Percent-encoded for a query (a space as %20, never +), with the separators of list and map values kept readable. */
    static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("%2C", ",").replace("%2F", "/").replace("%3A", ":");
    }
}
