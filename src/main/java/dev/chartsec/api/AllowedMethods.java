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
 * {@code Allow} header RFC 9110 requires on a 405 and OPTIONS answers. GET implies HEAD; every path answers OPTIONS.
 */
final class AllowedMethods {
    /** literals: the characters of the template outside its {parameters}, JAX-RS's first measure of specificity */
    private record Route(Pattern path, String method, int literals) {
    }

    private static final List<Route> ROUTES = routes(ChartResource.class, WebResource.class);

    private AllowedMethods() {
    }

    private static List<Route> routes(Class<?>... resources) {
        List<Route> routes = new ArrayList<>();
        for (Class<?> resource : resources) {
            routes.addAll(routes(resource));
        }
        return List.copyOf(routes);
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
                    routes.add(new Route(Pattern.compile(template.length() > 1 ? regex.replaceAll("/$", "") : regex), http.value(),
                            template.replaceAll("\\{[^}]+}", "").length()));
                }
            }
        }
        return routes;
    }

    /**
     * "GET, HEAD" and the like for a request path; empty when no route has the path. Only the most specific
     * templates that match count, as in JAX-RS's matching: {@code /api/v1/charts/preview} is the POST-only
     * preview, not a file name for the GET of {@code /api/v1/charts/{file}}.
     */
    static String of(String path) {
        return String.join(", ", methods(path));
    }

    /** Whether a request path's most specific route answers the method. */
    static boolean allows(String path, String method) {
        return methods(path).contains(method);
    }

    private static Set<String> methods(String path) {
        String p = ("/" + path).replaceAll("/+", "/");
        String request = p.length() > 1 ? p.replaceAll("/$", "") : p;
        List<Route> matching = ROUTES.stream().filter(r -> r.path().matcher(request).matches()).toList();
        int best = matching.stream().mapToInt(Route::literals).max().orElse(-1);
        Set<String> methods = new TreeSet<>();
        for (Route r : matching) {
            if (r.literals() == best) {
                methods.add(r.method());
                if (r.method().equals("GET")) {
                    methods.add("HEAD");
                }
            }
        }
        if (!methods.isEmpty()) {
            methods.add("OPTIONS"); // answered for every path of the API, by HttpGuard
        }
        return methods;
    }
}
