package dev.chartsec.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The first handler of every request, at the HTTP layer: a request target that is not a URI is refused
 * ({@link RequestTarget}); a body declared larger than the API takes is
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
            String unreadable = RequestTarget.problem(request.uri());
            if (unreadable != null) {
                answer(ctx, Problem.of(400, "bad-request", "Bad Request", unreadable), true);
                return;
            }
            String length = request.getHeader("Content-Length");
            if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > AnswersBody.MAX_BYTES) {
                // refused before a byte of it is read, in the API's own words
                answer(ctx, AnswersBody.tooLarge(length), true);
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
        }).failureHandler(HttpGuard::failure);
        // a body of unannounced length (chunked) is read here, under the same limit, so that one too large is
        // answered with a problem document by the failure handler below, at whatever size, rather than the
        // empty 413 the REST layer's stream writes
        BodyHandler chunked = BodyHandler.create(false).setBodyLimit(AnswersBody.MAX_BYTES);
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            HttpServerRequest request = ctx.request();
            if (request.method() == io.vertx.core.http.HttpMethod.POST && request.getHeader("Content-Length") == null && !request.isEnded()) {
                chunked.handle(ctx);
            } else {
                ctx.next();
            }
        }).failureHandler(HttpGuard::failure);
        // OPTIONS says what each path of the API answers (RFC 9110 9.3.7) and 404 for a path it does not have;
        // CORS preflights and the framework's own /q/ paths go on to their handlers
        router.route().method(io.vertx.core.http.HttpMethod.OPTIONS).order(Integer.MIN_VALUE + 2).handler(ctx -> {
            String path = ctx.normalizedPath();
            if (ctx.request().getHeader("Access-Control-Request-Method") != null || path.startsWith("/q/")) {
                ctx.next();
                return;
            }
            String allow = AllowedMethods.of(path);
            if (allow.isEmpty()) {
                answer(ctx, Problem.of(404, "not-found", "Not Found", ProblemMappers.NO_SUCH_RESOURCE), false);
            } else {
                ctx.response().setStatusCode(204).putHeader("Allow", allow).end();
            }
        });
    }

    /**
     * Failures below the REST resources (a malformed Host header, a body over the limit): a problem document
     * like every other error, never the framework's error page.
     */
    private static void failure(io.vertx.ext.web.RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed() || ctx.failure() instanceof io.vertx.core.http.HttpClosedException) {
            return; // answered already, or the client went away: nobody is left to tell, and nothing failed here
        }
        int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
        if (status >= 500) {
            LOG.errorf("internal error at the HTTP layer: %s", String.valueOf(ctx.failure()));
        }
        if (status == 413) {
            answer(ctx, AnswersBody.tooLarge("more than " + AnswersBody.MAX_BYTES), true);
            return;
        }
        String title = jakarta.ws.rs.core.Response.Status.fromStatusCode(status) == null ? "Error"
                : jakarta.ws.rs.core.Response.Status.fromStatusCode(status).getReasonPhrase();
        answer(ctx, Problem.of(status, title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'), title,
                status == 400 ? UnreadableRequest.NOT_HTTP : title), false);
    }

    private static void answer(io.vertx.ext.web.RoutingContext ctx, Problem problem, boolean close) {
        answer(ctx.request(), problem, close);
    }

    /** A problem document as the answer, below the REST layer; with {@code close}, the connection's last. */
    static void answer(HttpServerRequest request, Problem problem, boolean close) {
        if (request.response().ended()) {
            return;
        }
        request.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (close) {
            request.response().putHeader("Connection", "close");
        }
        request.response().end(ProblemMappers.json(problem)).onComplete(done -> {
            if (close) {
                request.connection().close();
            }
        });
    }
}
