package dev.chartsec.audit.pss;

import java.util.List;

/**
 * What one check says of a pod: allowed, or forbidden with upstream's reason, a detail, and the paths of the
 * offending fields.
 */
public record Result(boolean allowed, String reason, String detail, List<String> paths) {
    public static final Result ALLOWED = new Result(true, "", "", List.of());

    public static Result forbidden(String reason, String detail, List<String> paths) {
        return new Result(false, reason, detail, List.copyOf(paths));
    }
}
