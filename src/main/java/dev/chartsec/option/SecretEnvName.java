package dev.chartsec.option;

import java.util.Locale;

/** The environment variable a secret key becomes in env mode: upper case, other characters as '_'. */
public final class SecretEnvName {
    private SecretEnvName() {
    }

    public static String of(String key) {
        String name = key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
        return Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }
}
