package dev.chartsec.api;

import java.util.Set;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.config.MeterFilter;

/**
 * The HTTP metrics' tags stay a bounded set whatever clients send: a made-up method name is counted as
 * OTHER (each name was a new, permanent series, and enough of them exhausted the heap), and past a fixed
 * number of distinct URIs no new request series is made.
 */
@Singleton
public class BoundedMetrics {
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");
    static final String REQUESTS = "http.server.requests";
    static final int MAX_URIS = 64;

    @Produces
    @Singleton
    MeterFilter knownMethodsOnly() {
        return MeterFilter.replaceTagValues("method", m -> METHODS.contains(m) ? m : "OTHER");
    }

    @Produces
    @Singleton
    MeterFilter boundedUris() {
        return MeterFilter.maximumAllowableTags(REQUESTS, "uri", MAX_URIS, MeterFilter.deny());
    }
}
