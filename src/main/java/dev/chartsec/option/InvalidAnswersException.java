package dev.chartsec.option;

import java.util.List;

/** The answers break one or more rules; carries every violation, never just the first. */
public class InvalidAnswersException extends RuntimeException {
    private final transient List<Violation> violations;

    public InvalidAnswersException(List<Violation> violations) {
        super(violations.size() + " invalid answer(s): "
                + String.join("; ", violations.stream().map(Violation::message).toList()));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
