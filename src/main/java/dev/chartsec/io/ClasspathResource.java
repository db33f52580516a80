package dev.chartsec.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** What chartsec ships inside its jar (the catalog, the templates, the web page): read whole, or a clear failure. */
public final class ClasspathResource {
    private ClasspathResource() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = ClasspathResource.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    public static InputStream stream(String name) {
        return new ByteArrayInputStream(bytes(name));
    }
}
