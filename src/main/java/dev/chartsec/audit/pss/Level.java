package dev.chartsec.audit.pss;

import java.util.Locale;

/** The Pod Security Standards levels that have checks (privileged has none). */
public enum Level {
    BASELINE, RESTRICTED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
