package dev.chartsec.audit.pss;

import java.util.List;
import java.util.function.Function;

/**
 * One rule of the standard, as upstream's {@code policy.Check}: an id, its level, and the versions at which
 * its behaviour changes, each with the function that applies from that version on and the baseline checks
 * it replaces at restricted.
 *
 * @param title one line for reports (the SARIF rule's description)
 */
public record Check(String id, Level level, String title, List<Versioned> versions) {

    /** From {@code minor} on (policy version v1.minor), the check is {@code fn}, overriding {@code overrides}. */
    public record Versioned(int minor, Function<PodView, Result> fn, List<String> overrides) {
    }

    public static Versioned since(int minor, Function<PodView, Result> fn) {
        return new Versioned(minor, fn, List.of());
    }

    public static Versioned since(int minor, Function<PodView, Result> fn, String overrides) {
        return new Versioned(minor, fn, List.of(overrides));
    }
}
