package dev.chartsec.api;

import dev.chartsec.option.Option;
import dev.chartsec.option.OptionCatalog;
import dev.chartsec.option.Shown;

/** GET / for curl: what the service does, every option, and examples to copy. */
final class HelpText {
    private HelpText() {
    }

    static String of(OptionCatalog catalog, String base) {
        StringBuilder t = new StringBuilder();
        t.append("chartsec: secure-by-default Helm charts, generated.\n");
        t.append("Open ").append(base).append("/ in a browser for the chart form with a live preview.\n\n");
        t.append("Examples:\n");
        t.append("  curl -fsS '").append(base).append("/api/v1/charts/shop.zip?image.repository=ghcr.io/acme/shop&image.tag=1.4.2' -o shop.zip\n");
        t.append("  curl -fsS '").append(base).append("/api/v1/charts/shop.tgz?image.tag=1.4.2' -o shop.tgz && helm install shop shop.tgz -n shop --create-namespace\n");
        t.append("  helm install shop '").append(base).append("/api/v1/charts/shop.tgz?image.tag=1.4.2' -n shop --create-namespace\n");
        t.append("  curl -fsS -X POST ").append(base).append("/api/v1/charts -H 'Content-Type: application/json' \\\n");
        t.append("       -d '{\"chart.name\": \"shop\", \"networkPolicy.egress.postgresql.enabled\": true}' -o shop.zip\n");
        t.append("  curl -fsS -X POST ").append(base).append("/api/v1/charts -H 'Accept: application/json' -H 'Content-Type: application/json' \\\n");
        t.append("       -d '{\"chart.name\": \"shop\"}'        # the files as JSON, for portals that cannot unzip\n");
        t.append("  curl -fsS -X POST ").append(base).append("/api/v1/charts/preview -H 'Content-Type: application/json' -d '{\"chart.name\": \"shop\"}'\n\n");
        t.append("Endpoints: GET /api/v1/options (catalog and request schema), POST /api/v1/charts (zip, tgz or JSON by Accept),\n");
        t.append("GET /api/v1/charts/NAME.zip|.tgz|.json?id=value..., GET or POST /api/v1/charts/preview, GET /q/openapi.\n");
        t.append("Health (/q/health) and metrics (/q/metrics) are served on the management port (serve --management-port), not here.\n\n");
        t.append("Options (lists: a,b or [a, b] in a query; maps: k=v,k2=v2, or {k: v} percent-encoded as %7Bk:%20v%7D):\n");
        for (Option o : catalog.options()) {
            t.append(String.format("  %-45s %-8s default %-22s %s%n", o.id(), o.type().id(),
                    o.hasDefault() ? Shown.value(o.defaultValue()) : o.required() ? "(required)" : "(none)", o.allowedText()));
        }
        return t.toString();
    }
}
