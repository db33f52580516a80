package dev.chartsec.api;

import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The URL printed in commands meant to be copied (the curl help, the web page's curl call): chartsec.public-url,
 * or this service on localhost; never the request's Host header, which a client chooses and which would land
 * in shell commands.
 */
final class PublicUrl {
    /** What may be printed inside single quotes in a shell command: no quote, no space, no shell syntax. */
    static final Pattern SAFE = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?");

    private PublicUrl() {
    }

    static String get() {
        Config config = ConfigProvider.getConfig();
        String configured = config.getOptionalValue("chartsec.public-url", String.class).orElse("").strip();
        if (SAFE.matcher(configured).matches()) {
            return configured.replaceAll("/$", "");
        }
        return "http://localhost:" + config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
    }
}
