package dev.chartsec.option;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes resource quantities, enough to compare a request with its limit. */
public final class Quantity {
    private static final Pattern FORM = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?");

    private Quantity() {
    }

    /** The quantity in base units (cores or bytes). */
    public static BigDecimal parse(String q) {
        Matcher m = FORM.matcher(q);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a quantity: " + q);
        }
        BigDecimal n = new BigDecimal(m.group(1));
        String suffix = m.group(2) == null ? "" : m.group(2);
        return switch (suffix) {
            case "" -> n;
            case "m" -> n.movePointLeft(3);
            case "k" -> n.movePointRight(3);
            case "M" -> n.movePointRight(6);
            case "G" -> n.movePointRight(9);
            case "T" -> n.movePointRight(12);
            case "Ki" -> n.multiply(BigDecimal.valueOf(1L << 10));
            case "Mi" -> n.multiply(BigDecimal.valueOf(1L << 20));
            case "Gi" -> n.multiply(BigDecimal.valueOf(1L << 30));
            case "Ti" -> n.multiply(BigDecimal.valueOf(1L << 40));
            default -> throw new IllegalArgumentException("not a quantity: " + q);
        };
    }
}
