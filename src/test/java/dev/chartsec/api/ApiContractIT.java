package dev.chartsec.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.chartsec.testing.Chartsec;
import dev.chartsec.testing.Helm;
import dev.chartsec.testing.Processes;

/** api-spec/openapi.yaml lints clean under Redocly CLI's recommended rules (tools/install-redocly.sh pins it). */
class ApiContractIT {
    @Test
    void theContractLintsCleanUnderRedoclysRecommendedRules() {
        Processes.Result r = Processes.run(List.of(Helm.TOOLS.resolve("redocly/node_modules/.bin/redocly").toString(), "lint",
                Chartsec.HOME.resolve("api-spec/openapi.yaml").toString(), "--extends", "recommended", "--format", "stylish"),
                Chartsec.HOME, Map.of("NO_COLOR", "1"), "", Duration.ofMinutes(2));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Your API description is valid"), r.output());
        // findings print as "LINE:COL  warning  rule  message"
        assertTrue(r.output().lines().noneMatch(l -> l.matches("\\s*\\d+:\\d+\\s+(warning|error)\\s.*")), "no findings at all:\n" + r.output());
    }
}
