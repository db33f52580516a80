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

    static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
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
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no such resource; GET / lists the API";
            case 405 -> "method not allowed here; GET / lists the API";
            case 406 -> "cannot answer in the accepted media type; accept application/zip, application/gzip or application/json";
            case 415 -> "send the answers as application/json";
            default -> title;
        };
        return respond(Problem.of(status, title.toLowerCase().replace(' ', '-'), title, detail));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        LOG.errorf("internal error: %s", e.toString());
        return respond(Problem.of(500, "internal-error", "Internal error", "chartsec failed; the error is logged on the server"));
    }
}
