package dev.chartsec.api;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

/**
 * The methods each path of the API answers, read from the resource's own annotations (one source), for the
 * {@code Allow} header RFC 9110 requires on a 405. GET implies HEAD.
 */
final class AllowedMethods {
    private record Route(Pattern path, String method) {
    }

    private static final List<Route> ROUTES = routes(ChartResource.class);

    private AllowedMethods() {
    }

    private static List<Route> routes(Class<?> resource) {
        String base = resource.getAnnotation(Path.class).value();
        List<Route> routes = new ArrayList<>();
        for (Method m : resource.getMethods()) {
            for (var a : m.getAnnotations()) {
                HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
                if (http != null) {
                    Path p = m.getAnnotation(Path.class);
                    String template = ("/" + base + "/" + (p == null ? "" : p.value())).replaceAll("/+", "/");
                    String regex = template.replaceAll("\\{[^}]+}", "[^/]+");
                    routes.add(new Route(Pattern.compile(template.length() > 1 ? regex.replaceAll("/$", "") : regex), http.value()));
                }
            }
        }
        return List.copyOf(routes);
    }

    /** "GET, HEAD" and the like for a request path; empty when no route has the path. */
    static String of(String path) {
        Set<String> methods = new TreeSet<>();
        String p = ("/" + path).replaceAll("/+", "/");
        p = p.length() > 1 ? p.replaceAll("/$", "") : p;
        for (Route r : ROUTES) {
            if (r.path().matcher(p).matches()) {
                methods.add(r.method());
                if (r.method().equals("GET")) {
                    methods.add("HEAD");
                }
            }
        }
        return String.join(", ", methods);
    }
}
