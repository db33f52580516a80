package dev.chartsec.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * The first handler of every request, at the HTTP layer: a body declared larger than the API takes is
 * refused before it is read; a request whose body has not arrived within the deadline is answered 408 and its
 * connection closed, so a client that trickles a body holds a connection for seconds, not for ever (bodies
 * are read by the event loop, the resources being non-blocking, so slow uploads hold no worker thread); and a
 * failure below the REST resources is answered with a problem document, like every other error.
 */
@ApplicationScoped
public class HttpGuard {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(HttpGuard.class);
    private final long bodyDeadlineMillis;

    public HttpGuard(@ConfigProperty(name = "chartsec.http.body-deadline-ms", defaultValue = "10000") long bodyDeadlineMillis) {
        this.bodyDeadlineMillis = bodyDeadlineMillis;
    }

    void install(@Observes Router router, Vertx vertx) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            HttpServerRequest request = ctx.request();
            String length = request.getHeader("Content-Length");
            if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > AnswersBody.MAX_BYTES) {
                // refused before a byte of it is read, in the API's own words
                answer(ctx, Problem.of(413, "too-large", "Request too large",
                        "the body is " + length + " bytes; at most " + AnswersBody.MAX_BYTES + " are accepted"), true);
                return;
            }
            if (!request.isEnded()) {
                long timer = vertx.setTimer(bodyDeadlineMillis, id -> {
                    if (!request.isEnded() && !ctx.response().ended()) {
                        answer(ctx, Problem.of(408, "request-timeout", "Request Timeout",
                                "the request body did not arrive within " + bodyDeadlineMillis / 1000 + " s"), true);
                    }
                });
                ctx.addEndHandler(done -> vertx.cancelTimer(timer));
            }
            ctx.next();
        }).failureHandler(ctx -> {
            // failures below the REST resources (a malformed Host header, a body over the hard limit): a problem
            // document like every other error, never the framework's error page
            int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
            if (status >= 500) {
                LOG.errorf("internal error at the HTTP layer: %s", String.valueOf(ctx.failure()));
            }
            String title = jakarta.ws.rs.core.Response.Status.fromStatusCode(status) == null ? "Error"
                    : jakarta.ws.rs.core.Response.Status.fromStatusCode(status).getReasonPhrase();
            answer(ctx, Problem.of(status, title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'), title,
                    status == 400 ? "the request cannot be read as HTTP (its request line or headers)" : title), status == 413);
        });
    }

    private static void answer(io.vertx.ext.web.RoutingContext ctx, Problem problem, boolean close) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (close) {
            ctx.response().putHeader("Connection", "close");
        }
        ctx.response().end(ProblemMappers.json(problem)).onComplete(done -> {
            if (close) {
                ctx.request().connection().close();
            }
        });
    }
}
