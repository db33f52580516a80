package dev.chartsec.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.chartsec.option.InvalidAnswersException;

/**
 * Every error becomes a problem document: bad input is a 4xx naming every invalid field, and nothing
 * ever answers with a stack trace. Request bodies are never logged.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    static final String NO_SUCH_RESOURCE = "no such resource; GET / lists the API";

    /** A problem document as its JSON text, for the HTTP layer below the REST resources. */
    static String json(Problem p) {
        try {
            return JSON.writeValueAsString(p);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.core.http.HttpClosedException || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response invalid(InvalidAnswersException e) {
        return respond(Problem.invalid(e.violations()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, io.vertx.core.http.HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = switch (status) {
            case 404 -> NO_SUCH_RESOURCE;
            case 405 -> "method not allowed here; GET / lists the API";
            case 406 -> "cannot answer in the accepted media type; accept application/zip, application/gzip or application/json";
            case 415 -> "send the answers as application/json";
            default -> title;
        };
        Problem p = Problem.of(status, title.toLowerCase().replace(' ', '-'), title, detail);
        if (status == 405) {
            return Response.status(405).type(Problem.MEDIA_TYPE).entity(p).header("Allow", AllowedMethods.of(request.path())).build();
        }
        return respond(p);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        if (clientWentAway(e)) {
            // the client closed the connection: nothing failed here, and nobody is left to answer
            LOG.debugf("client went away: %s", e.toString());
            return respond(Problem.of(400, "client-closed", "Client Closed Request", "the client closed the connection"));
        }
        LOG.errorf("internal error: %s", e.toString());
        return respond(Problem.of(500, "internal-error", "Internal error", "chartsec failed; the error is logged on the server"));
    }
}
