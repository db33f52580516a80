package dev.chartsec.audit.pss.checks;

import java.util.Collection;
import java.util.stream.Collectors;

/** Upstream's wording helpers, so details read like the admission controller's messages. */
final class Texts {
    private Texts() {
    }

    static String pluralize(String singular, String plural, int count) {
        return count == 1 ? singular : plural;
    }

    static String joinQuote(Collection<String> items) {
        return items.isEmpty() ? "" : items.stream().collect(Collectors.joining("\", \"", "\"", "\""));
    }

    static String containers(Collection<String> names) {
        return pluralize("container", "containers", names.size()) + " " + joinQuote(names);
    }
}
