package dev.chartsec.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** When API keys are configured (chartsec.api-keys), every /api/ call must carry one. */
public class ApiKeyFilter {
    private final List<byte[]> keys;

    public ApiKeyFilter(@ConfigProperty(name = "chartsec.api-keys") Optional<List<String>> keys) {
        this.keys = keys.orElse(List.of()).stream().map(String::strip).filter(k -> !k.isEmpty())
                .map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @ServerRequestFilter
    public Optional<Response> check(ContainerRequestContext request) {
        if (keys.isEmpty() || !request.getUriInfo().getPath().startsWith("/api/")) {
            return Optional.empty();
        }
        String given = request.getHeaderString("X-API-Key");
        String auth = request.getHeaderString("Authorization");
        if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = auth.substring(7).strip();
        }
        if (given != null) {
            byte[] g = given.getBytes(StandardCharsets.UTF_8);
            for (byte[] key : keys) {
                if (MessageDigest.isEqual(key, g)) { // constant time: no key is guessed from timings
                    return Optional.empty();
                }
            }
        }
        return Optional.of(Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(Problem.of(401, "unauthorized", "Unauthorized", "this service needs an API key: X-API-Key or Authorization: Bearer"))
                .build());
    }
}
