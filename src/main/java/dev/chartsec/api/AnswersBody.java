package dev.chartsec.api;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ProblemException(Problem.of(400, "malformed-request", "Malformed request",
                    "the body is empty; send a JSON object of answers, for example {\"chart.name\": \"shop\"}"));
        }
        if (body.length > MAX_BYTES) {
            throw new ProblemException(Problem.of(413, "too-large", "Request too large",
                    "the body is " + body.length + " bytes; at most " + MAX_BYTES + " are accepted"));
        }
        Object parsed;
        try {
            parsed = JSON.readValue(body, Object.class);
        } catch (StreamConstraintsException e) {
            throw new ProblemException(Problem.of(400, "malformed-request", "Malformed request",
                    "the JSON is nested too deeply or holds too long a value"));
        } catch (IOException e) {
            String reason = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new ProblemException(Problem.of(400, "malformed-request", "Malformed request",
                    "the body is not valid JSON: " + reason.replaceAll("\\(.*?\\)", "").strip()));
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new ProblemException(Problem.of(400, "malformed-request", "Malformed request",
                    "the body must be a JSON object of option ids to values"));
        }
        return (Map<String, Object>) map;
    }
}
