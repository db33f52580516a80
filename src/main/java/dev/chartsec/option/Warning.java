package dev.chartsec.option;

/** An answer that is accepted but costs something worth knowing (a low port, a low user id). */
public record Warning(String option, String message) {
    public String text() {
        return option + ": " + message;
    }
}
