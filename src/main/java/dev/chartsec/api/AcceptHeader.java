package dev.chartsec.api;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** An Accept header read as RFC 9110 says: each media range with its weight (q, 1 when absent, 0 when unreadable). */
final class AcceptHeader {
    private AcceptHeader() {
    }

    /** Media range (lower case) to its highest weight, in the header's order. */
    static Map<String, Double> weights(String accept) {
        Map<String, Double> weights = new LinkedHashMap<>();
        if (accept == null) {
            return weights;
        }
        for (String part : accept.split(",")) {
            String[] pieces = part.split(";");
            String type = pieces[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].strip();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (!type.isEmpty()) {
                weights.merge(type, q, Math::max);
            }
        }
        return weights;
    }
}
