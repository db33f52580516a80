package dev.chartsec.audit;

import java.util.List;

import dev.chartsec.audit.pss.Failure;
import dev.chartsec.audit.pss.Level;
import dev.chartsec.audit.pss.PodViewReader;
import dev.chartsec.audit.pss.Registry;
import dev.chartsec.audit.pss.checks.DefaultChecks;

/**
 * The Pod Security Standards, baseline and restricted, at every policy version from v1.0 to the newest the
 * registry knows, evaluated on a pod's metadata and spec (a bare Pod's, or a workload's pod template).
 */
public final class PodSecurity {
    public static final Registry REGISTRY = DefaultChecks.REGISTRY;
    /** The newest policy version the checks name; "latest", and any newer version, evaluate as this one. */
    public static final int LATEST_MINOR = REGISTRY.latestMinor();

    private PodSecurity() {
    }

    /**
     * Every check the pod fails. Throws {@link dev.chartsec.audit.pss.InvalidObject} when a field the
     * standard reads cannot be decoded (the API server refuses such an object).
     */
    public static List<Failure> evaluate(Object metadata, String metadataPath, Object spec, String specPath, boolean barePod,
            Level level, int minor) {
        return REGISTRY.evaluate(PodViewReader.read(metadata, metadataPath, spec, specPath, barePod), level, minor);
    }

    /** A bare Pod's metadata and spec. */
    public static List<Failure> evaluate(Object metadata, Object spec, Level level, int minor) {
        return evaluate(metadata, "metadata", spec, "spec", true, level, minor);
    }
}
