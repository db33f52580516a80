package dev.chartsec.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import dev.chartsec.cli.Version;
import dev.chartsec.io.ClasspathResource;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.web.FormPage;

/**
 * GET /: the web page for a browser (Accept: text/html), the plain-text help for curl; and the page's own
 * assets under /web/, served by the application itself (no CDN: portals and laptops run offline too).
 */
@Path("/")
@io.smallrye.common.annotation.NonBlocking
public class WebResource {
    private static final OptionCatalog CATALOG = OptionCatalog.standard();
    /** The page runs only its own scripts; Mermaid's SVG carries its own style element, hence the inline styles. */
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    /** The assets: name to media type and place on the classpath. Nothing else under /web/ exists. */
    private record Asset(String type, String resource) {
    }

    private static final Map<String, Asset> ASSETS = Map.of(
            "app.js", new Asset("text/javascript;charset=UTF-8", "web/app.js"),
            "app.css", new Asset("text/css;charset=UTF-8", "web/app.css"),
            "mermaid.min.js", new Asset("text/javascript;charset=UTF-8", "web/mermaid/dist/mermaid.min.js"),
            "mermaid-LICENSE.txt", new Asset("text/plain;charset=UTF-8", "web/mermaid/LICENSE"));

    /** An asset read once, with its ETag (hashing Mermaid's 3 MB for every request would cost more than sending it). */
    private record Loaded(byte[] bytes, String etag) {
        static Loaded of(String resource) {
            byte[] bytes = ClasspathResource.bytes(resource);
            return new Loaded(bytes, ChartService.etag(bytes));
        }
    }

    private static volatile FormPage page;
    private static final Map<String, Loaded> LOADED = new ConcurrentHashMap<>();

    @GET
    @Produces({MediaType.TEXT_PLAIN, MediaType.TEXT_HTML})
    public Response root(@HeaderParam("Accept") String accept, @Context UriInfo uri) {
        if (!prefersHtml(accept)) {
            return Response.ok(HelpText.of(CATALOG, PublicUrl.get()), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).header("Vary", "Accept").build();
        }
        Map<String, String> given = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((id, values) -> given.put(id, values.get(0)));
        return Response.ok(page().render(given), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("Vary", "Accept")
                .header("Content-Security-Policy", PAGE_POLICY).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-cache").build();
    }

    @GET
    @Path("web/{asset}")
    public Response asset(@PathParam("asset") String name, @HeaderParam("If-None-Match") String ifNoneMatch) {
        Asset asset = ASSETS.get(name);
        if (asset == null) {
            throw new ProblemException(Problem.of(404, "not-found", "Not Found", ProblemMappers.NO_SUCH_RESOURCE));
        }
        Loaded loaded = LOADED.computeIfAbsent(asset.resource(), Loaded::of);
        if (ChartResource.notModified(ifNoneMatch, loaded.etag())) {
            return Response.notModified().tag(ChartResource.unquoted(loaded.etag())).build();
        }
        return Response.ok(loaded.bytes(), asset.type()).header("ETag", loaded.etag()).header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff").header("Content-Length", loaded.bytes().length).build();
    }

    /** Whether Accept names HTML at least as high as plain text: a browser's navigation does, curl's *&#47;* does not. */
    static boolean prefersHtml(String accept) {
        Map<String, Double> weights = AcceptHeader.weights(accept);
        double html = Math.max(weights.getOrDefault("text/html", 0.0), weights.getOrDefault("application/xhtml+xml", 0.0));
        return html > 0 && html >= weights.getOrDefault("text/plain", 0.0);
    }

    private static FormPage page() {
        FormPage p = page;
        if (p == null) {
            synchronized (WebResource.class) {
                p = page;
                if (p == null) {
                    page = p = new FormPage(CATALOG, new Version().getVersion()[0]);
                }
            }
        }
        return p;
    }
}
