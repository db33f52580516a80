package dev.chartsec.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import dev.chartsec.api.ChartService.Archive;
import dev.chartsec.api.ChartService.Format;
import dev.chartsec.cli.Version;
import dev.chartsec.generate.SecuritySummary;
import dev.chartsec.option.ChartSpec;
import dev.chartsec.option.FlagValues;
import dev.chartsec.option.InvalidAnswersException;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.option.Violation;
import dev.chartsec.option.Warning;

/**
 * The REST generator; api-spec/openapi.yaml is its contract. Non-blocking: an answer takes about a millisecond
 * of CPU, and the event loop reads each body as it arrives, so a slow upload holds no worker thread.
 */
@Path("/")
@io.smallrye.common.annotation.NonBlocking
public class ChartResource {
    private static final Pattern FILE = Pattern.compile("([a-z]([-a-z0-9]*[a-z0-9])?)\\.(zip|tgz|json)");
    private static final OptionCatalog CATALOG = OptionCatalog.standard();
    private static final OptionsDocument OPTIONS = new OptionsDocument(CATALOG, new Version().getVersion()[0]);

    private final ChartService charts;

    public ChartResource(ChartService charts) {
        this.charts = charts;
    }

    @GET
    @Path("api/v1/options")
    @Produces(MediaType.APPLICATION_JSON)
    public Response options(@HeaderParam("If-None-Match") String ifNoneMatch) {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        if (notModified(ifNoneMatch, OPTIONS.etag)) {
            return Response.notModified().tag(unquoted(OPTIONS.etag)).cacheControl(cache).build();
        }
        return Response.ok(OPTIONS.json, MediaType.APPLICATION_JSON_TYPE).header("ETag", OPTIONS.etag).cacheControl(cache).build();
    }

    @POST
    @Path("api/v1/charts")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(byte[] body, @HeaderParam("Content-Type") String contentType, @HeaderParam("Accept") String accept,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        Format format = negotiate(accept);
        ChartSpec spec = charts.validate(AnswersBody.read(body, contentType));
        return send(charts.archive(spec, format), ifNoneMatch, spec.warnings());
    }

    @GET
    @Path("api/v1/charts/{file}")
    public Response download(@PathParam("file") String file, @Context UriInfo uri, @Context io.vertx.core.http.HttpServerRequest request,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        if (!AllowedMethods.allows(request.path(), "GET")) {
            // a more specific route, the POST-only preview, owns this path
            throw new jakarta.ws.rs.NotAllowedException(AllowedMethods.of(request.path()));
        }
        Matcher m = FILE.matcher(file);
        if (!m.matches()) {
            throw new ProblemException(Problem.of(404, "not-found", "Not Found",
                    "ask for NAME.zip, NAME.tgz or NAME.json, NAME a chart name (a DNS-1123 label)"));
        }
        List<Violation> problems = new ArrayList<>();
        Map<String, Object> answers = queryAnswers(uri.getQueryParameters(), problems);
        Object name = answers.put("chart.name", m.group(1));
        if (name != null && !name.equals(m.group(1))) {
            problems.add(new Violation("chart.name", name, "differs from the file name " + file, "leave it out of the query"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidAnswersException(problems);
        }
        ChartSpec spec = charts.validate(answers);
        // .json: the file map, for clients that may only GET (a portal's dry run) and cannot unpack an archive
        Format format = switch (m.group(3)) {
            case "zip" -> Format.ZIP;
            case "tgz" -> Format.TGZ;
            default -> Format.JSON;
        };
        return send(charts.archive(spec, format), ifNoneMatch, spec.warnings());
    }

    @POST
    @Path("api/v1/charts/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> preview(byte[] body, @HeaderParam("Content-Type") String contentType) {
        return previewOf(charts.validate(AnswersBody.read(body, contentType)));
    }

    /**
     * The preview of answers given as a query, as the web page sends them while the user types (the same text
     * forms as the shareable link, the download and {@code --set}), with the equivalent commands.
     */
    @GET
    @Path("api/v1/charts/preview")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> previewQuery(@Context UriInfo uri) {
        List<Violation> problems = new ArrayList<>();
        Map<String, Object> answers = queryAnswers(uri.getQueryParameters(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidAnswersException(problems);
        }
        ChartSpec spec = charts.validate(answers);
        Map<String, Object> preview = previewOf(spec);
        // in the catalog's order, whatever the query's, so that the same answers print the same commands
        Map<String, List<String>> query = uri.getQueryParameters();
        Map<String, String> texts = new LinkedHashMap<>();
        CATALOG.options().stream().filter(o -> query.containsKey(o.id())).forEach(o -> texts.put(o.id(), query.get(o.id()).get(0)));
        new java.util.TreeMap<>(query).forEach((id, values) -> texts.putIfAbsent(id, values.get(0)));
        preview.put("commands", EquivalentCommands.of(spec.text("chart.name"), texts, PublicUrl.get()));
        return preview;
    }

    private Map<String, Object> previewOf(ChartSpec spec) {
        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("files", charts.files(spec).files());
        preview.put("security", SecuritySummary.of(spec));
        preview.put("warnings", spec.warnings().stream().map(Warning::text).toList());
        preview.put("diagram", charts.trafficDiagram(spec));
        return preview;
    }

    /** Answers given as query parameters, in their text forms (as {@code --set} reads them); each option once. */
    private static Map<String, Object> queryAnswers(Map<String, List<String>> query, List<Violation> problems) {
        Map<String, Object> answers = new LinkedHashMap<>();
        FlagValues flags = new FlagValues(CATALOG);
        query.forEach((id, values) -> {
            if (values.size() > 1) {
                problems.add(new Violation(id, null, "is given " + values.size() + " times", "each option once"));
            } else {
                answers.put(id, flags.value(id, values.get(0), problems));
            }
        });
        return answers;
    }

    /**
     * RFC 9110 If-None-Match: "*" matches any current representation; otherwise a list of tags, each compared
     * weakly (W/"x" matches "x").
     */
    static boolean notModified(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static Response send(Archive archive, String ifNoneMatch, List<Warning> warnings) {
        // the format follows Accept, so caches must key on it
        if (notModified(ifNoneMatch, archive.etag())) {
            return Response.notModified().tag(unquoted(archive.etag())).header("Vary", "Accept").build();
        }
        // Content-Length set here, so that HEAD (answered from GET without the body) carries it too
        Response.ResponseBuilder r = Response.ok(archive.bytes(), archive.format().mediaType)
                .header("ETag", archive.etag()).header("Vary", "Accept").header("Content-Length", archive.bytes().length);
        if (archive.format() != Format.JSON) {
            r.header("Content-Disposition", "attachment; filename=\"" + archive.fileName() + "\"");
        }
        if (!warnings.isEmpty()) {
            r.header("Chartsec-Warnings", String.join("; ", warnings.stream().map(Warning::text).toList()));
        }
        return r.build();
    }

    static String unquoted(String etag) {
        return etag.substring(1, etag.length() - 1);
    }

    /** The format the Accept header prefers; zip when it accepts anything. */
    static Format negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return Format.ZIP;
        }
        Format best = null;
        double bestQ = 0;
        for (Map.Entry<String, Double> range : AcceptHeader.weights(accept).entrySet()) {
            Format f = switch (range.getKey()) {
                case "application/zip", "*/*", "application/*" -> Format.ZIP;
                case "application/gzip", "application/x-gzip", "application/x-tar+gzip", "application/x-compressed-tar" -> Format.TGZ;
                case "application/json" -> Format.JSON;
                default -> null;
            };
            if (f != null && range.getValue() > bestQ) {
                best = f;
                bestQ = range.getValue();
            }
        }
        if (best == null) {
            throw new ProblemException(Problem.of(406, "not-acceptable", "Not Acceptable",
                    "answers come as application/zip, application/gzip (a Helm chart .tgz) or application/json"));
        }
        return best;
    }
}
