package dev.chartsec.api;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.value.registry.ValueRegistry.RuntimeKey;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.runtime.VertxHttpBuildTimeConfig;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.quarkus.vertx.http.runtime.options.HttpServerOptionsUtils;
import io.smallrye.config.SmallRyeConfig;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * The API's HTTP listener. Quarkus's own is off ({@code quarkus.http.host-enabled=false}) because it offers no
 * way to set what bytes that are not HTTP get (its parser's empty 400, 414 or 431, where every other error is a
 * problem document: {@link UnreadableRequest}). This one is made with the options Quarkus would give its own
 * for the same configuration ({@code quarkus.http.*}), one server per event loop as Quarkus does, and hands
 * every request to Quarkus's root handler: routes, filters, metrics and graceful shutdown are Quarkus's as
 * before. Plain HTTP/1.1 only, as the service is meant to be run (behind an ingress that terminates TLS).
 */
@ApplicationScoped
public class ApiListener {
    private static final Logger LOG = Logger.getLogger(ApiListener.class);
    /** Quarkus's key for a random port shared by every server of the listener (0 would give each its own). */
    private static final int SHARED_RANDOM_PORT = HttpServerOptionsUtils.RANDOM_PORT_MAIN_HTTP;

    private final boolean enabled;
    private volatile String deployment;

    public ApiListener(@ConfigProperty(name = "chartsec.http.enabled", defaultValue = "false") boolean enabled) {
        this.enabled = enabled;
    }

    /** After every other start-up observer, as Quarkus opens its own listener only once they are done. */
    void start(@Observes @Priority(Integer.MAX_VALUE) StartupEvent started, Vertx vertx, ValueRegistry registry) throws Exception {
        if (!enabled) {
            return;
        }
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        VertxHttpConfig http = config.getConfigMapping(VertxHttpConfig.class);
        LaunchMode mode = LaunchMode.current();
        HttpServerOptions options = new HttpServerOptions();
        HttpServerOptionsUtils.applyCommonOptions(options, config.getConfigMapping(VertxHttpBuildTimeConfig.class), http, List.of());
        options.setHttp2ClearTextEnabled(http.http2());
        int port = http.determinePort(mode);
        options.setPort(port == 0 ? SHARED_RANDOM_PORT : port);
        int servers = http.ioThreads().orElse(mode.isDevOrTest() ? 2 : 2 * Runtime.getRuntime().availableProcessors());
        AtomicInteger actualPort = new AtomicInteger();
        deployment = vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> listening) {
                vertx.createHttpServer(options)
                        .invalidRequestHandler(UnreadableRequest::answer)
                        .requestHandler(VertxHttpRecorder.getRootHandler())
                        .listen(options.getPort(), options.getHost())
                        .onSuccess(server -> actualPort.set(server.actualPort()))
                        .<Void>mapEmpty().onComplete(listening);
            }
        }, new DeploymentOptions().setInstances(servers)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        // registered where Quarkus's own listener registers: the tests' clients and HttpServer find it there
        URI base = URI.create(url(options.getHost(), actualPort.get()));
        registry.register(HttpServer.HTTP_PORT, actualPort.get());
        registry.register(HttpServer.LOCAL_BASE_URI, base);
        if (mode.isDevOrTest()) {
            registry.register(HttpServer.HTTP_TEST_PORT, actualPort.get());
            registry.register(RuntimeKey.key("test.url"), base.toString());
        }
    }

    /** The address of a listener as a URL (an IPv6 address in brackets). */
    public static String url(String host, int port) {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Once requests in flight are done (Quarkus waits for them first): closes the listener, then says so. */
    void stopped(@Observes ShutdownEvent stopped, Vertx vertx) throws Exception {
        if (deployment != null) {
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            LOG.info("chartsec stopped");
        }
    }
}
