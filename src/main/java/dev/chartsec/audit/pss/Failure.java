package dev.chartsec.audit.pss;

import java.util.List;

/** A check a pod fails: the upstream check id, upstream's reason and detail, and the offending field paths. */
public record Failure(String check, String reason, String detail, List<String> paths) {
}
