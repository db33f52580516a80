package dev.chartsec.option;

/**
 * One thing wrong with the answers: which option (with its path inside a list or map), the value given,
 * what is wrong with it, and what the option allows.
 */
public record Violation(String option, Object value, String problem, String allowed) {

    /** A one-line message: {@code option: problem (value given: ...); allowed: ...}. */
    public String message() {
        StringBuilder sb = new StringBuilder(option).append(": ").append(problem);
        if (value != null) {
            sb.append(" (given: ").append(Shown.value(value)).append(')');
        }
        if (allowed != null) {
            sb.append("; allowed: ").append(allowed);
        }
        return sb.toString();
    }
}
