package dev.chartsec.api;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Whether a request target can be read, the check Quarkus makes before any handler (a {@link URI} must parse it)
 * with one difference: in the query, the characters browsers send as they are (the WHATWG URL standard leaves
 * {@code { } | ^ ` [ ] \} and, from forms, {@code " < >} unencoded) are taken, so that a map answer typed as
 * {@code ?podAnnotations={team: shop}} reaches the API, whose query parser reads it. Quarkus's own check answers
 * such a request with an empty 400; it is turned off ({@link #QUARKUS_CHECK_OFF}) so that this one answers
 * instead, with a problem document. Everything else stays refused: a malformed escape, a control character,
 * a character a path cannot hold.
 */
public final class RequestTarget {
    /**
     * The system property that turns Quarkus's check off, read once as Quarkus sets up; set wherever Quarkus
     * starts: by {@code chartsec serve} (ServeCommand), for the tests (pom.xml) and for a native image's build
     * (application.properties).
     */
    public static final String QUARKUS_CHECK_OFF = "vertx.disableURIValidation";
    private static final String RAW_IN_QUERIES = "{}|^`[]\\\"<>";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RequestTarget() {
    }

    /** Why the target cannot be read, without any of its text, or null when it can. */
    static String problem(String target) {
        if (target == null || target.isEmpty()) {
            return "the request target is empty";
        }
        int query = target.indexOf('?');
        StringBuilder candidate = new StringBuilder(target.length() + 16);
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (query >= 0 && i > query && RAW_IN_QUERIES.indexOf(c) >= 0) {
                candidate.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                candidate.append(c);
            }
        }
        try {
            new URI(candidate.toString());
            return null;
        } catch (URISyntaxException e) {
            return "the request target is not a URI (" + e.getReason().toLowerCase(java.util.Locale.ROOT) + " at index " + e.getIndex()
                    + "); percent-encode what is not a letter, a digit or one of -._~!$&'()*+,;=:@/?";
        }
    }
}
