package dev.chartsec.option;

import java.util.Locale;

/** The kinds of value an option takes. */
public enum OptionType {
    TEXT, INTEGER, BOOLEAN, CHOICE, LIST, MAP, OBJECT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static OptionType of(String id) {
        for (OptionType t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown option type '" + id + "'");
    }
}
