package dev.chartsec.api;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.chartsec.option.Shown;

/**
 * Reads a request body of answers: a JSON object of option ids to values, at most 64 KiB, nested at most
 * 16 deep, with no key twice. Anything else is a 4xx problem, before any answer is looked at.
 */
final class AnswersBody {
    static final int MAX_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(MAX_BYTES).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private AnswersBody() {
    }

    /**
     * The body as text in the charset its Content-Type names (UTF-8 when it names none), as RFC 9110 asks;
     * a body sent without a Content-Type, as another type, or in an unknown charset is refused with 415.
     */
    static Map<String, Object> read(byte[] body, String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
                    "send the answers with Content-Type: application/json"));
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            throw new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
                    "send the answers as application/json, not " + Shown.value(parts[0].strip())));
        }
        java.nio.charset.Charset charset = java.nio.charset.StandardCharsets.UTF_8;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).replace("\"", "").strip();
                try {
                    charset = java.nio.charset.Charset.forName(name);
                } catch (IllegalArgumentException e) {
                    throw new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
                            "unknown charset " + Shown.value(name) + "; send UTF-8"));
                }
            }
        }
        if (body != null && !charset.equals(java.nio.charset.StandardCharsets.UTF_8)) {
            body = new String(body, charset).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return read(body);
    }

    /** The 413 for a body of the given size ("more than N" when it was cut off unread). */
    static Problem tooLarge(String bytes) {
        return Problem.of(413, "too-large", "Request too large", "the body is " + bytes + " bytes; at most " + MAX_BYTES + " are accepted");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ProblemException(Problem.of(400, "malformed-request", "Malformed request",
                    "the body is empty; send a JSON object of answers, for example {\"chart.name\": \"shop\"}"));
        }
        if (body.length > MAX_BYTES) {
            throw new ProblemException(tooLarge(String.valueOf(body.length)));
        }
        Object parsed;
        try {
            parsed = JSON.readValue(body, Object.class);
        } catch (StreamConstraintsException e) {
            throw new ProblemException(Problem.of(400, "malformed-request", "Malformed request",
                    "the JSON is nested too deeply or holds too long a value"));
        } catch (IOException e) {
            throw new ProblemException(Problem.of(400, "malformed-request", "Malformed request",
                    "the body is not valid JSON: " + reason(e)));
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new ProblemException(Problem.of(400, "malformed-request", "Malformed request",
                    "the body must be a JSON object of option ids to values"));
        }
        return (Map<String, Object>) map;
    }

    /**
     * The parser's reason in words a client can act on: its first line, without the parser's own internals
     * (the feature that would allow the input, the source position, the code points in parentheses).
     */
    static String reason(IOException e) {
        String first = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        for (String internal : new String[] {"; enable", ": enable", " (enable", " enable `", " at [Source"}) {
            int at = first.indexOf(internal);
            if (at >= 0) {
                first = first.substring(0, at);
            }
        }
        first = first.replaceAll("\\(.*?\\)", "").replaceAll("`[A-Za-z]+(\\.[A-Za-z_]+)+`", "").strip();
        return first.isEmpty() ? "it cannot be read" : first;
    }
}
