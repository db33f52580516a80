package dev.chartsec.audit.pss;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The checks of every level and version, laid out as upstream's {@code checkRegistry}: it validates its checks
 * (unique ids, strictly increasing versions, overrides only from restricted onto baseline), owns the newest
 * version (the highest version any check names, which is what "latest" means), and for each level and
 * version holds the checks in upstream's order (baseline ids sorted, then restricted ids sorted), with the
 * baseline checks a restricted check overrides left out at restricted.
 */
public final class Registry {
    private final List<Check> checks;
    private final int latestMinor;
    private final Map<Level, List<List<Map.Entry<String, Function<PodView, Result>>>>> byVersion = new EnumMap<>(Level.class);

    public Registry(List<Check> checks) {
        validate(checks);
        this.checks = List.copyOf(checks);
        this.latestMinor = checks.stream().mapToInt(c -> c.versions().get(c.versions().size() - 1).minor()).max().orElse(0);
        List<Check> ordered = new ArrayList<>(checks);
        ordered.sort(Comparator.comparing((Check c) -> c.level()).thenComparing(Check::id));
        for (Level level : Level.values()) {
            List<List<Map.Entry<String, Function<PodView, Result>>>> versions = new ArrayList<>();
            for (int minor = 0; minor <= latestMinor; minor++) {
                Map<String, Check.Versioned> active = new LinkedHashMap<>();
                for (Check c : ordered) {
                    Check.Versioned v = at(c, minor);
                    if (v != null && (c.level() == Level.BASELINE || level == Level.RESTRICTED)) {
                        active.put(c.id(), v);
                    }
                }
                if (level == Level.RESTRICTED) {
                    for (Check c : ordered) {
                        Check.Versioned v = at(c, minor);
                        if (c.level() == Level.RESTRICTED && v != null) {
                            v.overrides().forEach(active::remove);
                        }
                    }
                }
                List<Map.Entry<String, Function<PodView, Result>>> fns = new ArrayList<>();
                active.forEach((id, v) -> fns.add(Map.entry(id, v.fn())));
                versions.add(List.copyOf(fns));
            }
            byVersion.put(level, List.copyOf(versions));
        }
    }

    /** The check's definition in force at a version, or null before its first version. */
    private static Check.Versioned at(Check c, int minor) {
        Check.Versioned found = null;
        for (Check.Versioned v : c.versions()) {
            if (v.minor() <= minor) {
                found = v;
            }
        }
        return found;
    }

    private static void validate(List<Check> checks) {
        Map<String, Level> ids = new HashMap<>();
        for (Check c : checks) {
            if (ids.put(c.id(), c.level()) != null) {
                throw new IllegalStateException("multiple checks registered for id " + c.id());
            }
            if (c.versions().isEmpty()) {
                throw new IllegalStateException("check " + c.id() + ": no versions");
            }
            int previous = -1;
            for (Check.Versioned v : c.versions()) {
                if (v.minor() <= previous) {
                    throw new IllegalStateException("check " + c.id() + ": versions must be strictly increasing");
                }
                previous = v.minor();
            }
        }
        for (Check c : checks) {
            for (Check.Versioned v : c.versions()) {
                for (String overridden : v.overrides()) {
                    if (c.level() != Level.RESTRICTED) {
                        throw new IllegalStateException("check " + c.id() + ": only restricted checks may override");
                    }
                    if (ids.get(overridden) != Level.BASELINE) {
                        throw new IllegalStateException("check " + c.id() + ": overrides " + overridden + ", which is no baseline check");
                    }
                }
            }
        }
    }

    /** The newest policy version any check names: what "latest" evaluates as, and the cap of every newer version. */
    public int latestMinor() {
        return latestMinor;
    }

    public List<Check> checks() {
        return checks;
    }

    /** Every check the pod fails at the level and version (a version newer than the registry's is its newest). */
    public List<Failure> evaluate(PodView pod, Level level, int minor) {
        List<Failure> out = new ArrayList<>();
        for (Map.Entry<String, Function<PodView, Result>> check : byVersion.get(level).get(Math.min(minor, latestMinor))) {
            Result r = check.getValue().apply(pod);
            if (!r.allowed()) {
                out.add(new Failure(check.getKey(), r.reason(), r.detail(), r.paths()));
            }
        }
        return out;
    }
}
