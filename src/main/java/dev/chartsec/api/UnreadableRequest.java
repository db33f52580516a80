package dev.chartsec.api;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;

/**
 * The answer to bytes the HTTP parser could not read as a request (a header line without a colon, a request
 * line or headers over the limits): a problem document like every other error, instead of the parser's empty
 * answer, and the connection closed, since what follows cannot be told apart from the rest of the bad request.
 */
final class UnreadableRequest {
    /** What a 400 below the API says, here and for a request the router cannot take (a malformed Host header). */
    static final String NOT_HTTP = "the request cannot be read as HTTP/1.1 (its request line or a header line)";

    private UnreadableRequest() {
    }

    static void answer(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        Problem problem;
        if (cause instanceof TooLongHttpLineException) {
            problem = Problem.of(414, "uri-too-long", "URI Too Long", "the request line is longer than the service reads");
        } else if (cause instanceof TooLongHttpHeaderException) {
            problem = Problem.of(431, "request-header-fields-too-large", "Request Header Fields Too Large",
                    "the request's headers are larger than the service reads");
        } else {
            problem = Problem.of(400, "bad-request", "Bad Request", NOT_HTTP);
        }
        HttpGuard.answer(request, problem, true);
    }
}
