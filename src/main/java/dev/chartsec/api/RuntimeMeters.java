package dev.chartsec.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.quarkus.runtime.StartupEvent;

/**
 * The JVM's and the process's meters (memory, GC, threads, classes, CPU, uptime, file descriptors), bound on a
 * thread of their own once the service has started, instead of by Quarkus's binders during the start: reading
 * the management beans cost about 60 ms of the time to the first answer on 2 cores, and nobody scrapes a
 * service in its first second.
 */
@ApplicationScoped
public class RuntimeMeters {
    void bind(@Observes StartupEvent started, MeterRegistry registry) {
        Thread binder = new Thread(() -> {
            new ClassLoaderMetrics().bindTo(registry);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmGcMetrics().bindTo(registry); // its GC listeners keep it alive
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            new FileDescriptorMetrics().bindTo(registry);
        }, "chartsec-runtime-meters");
        binder.setDaemon(true);
        binder.start();
    }
}
