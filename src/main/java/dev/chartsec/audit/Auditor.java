package dev.chartsec.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.chartsec.audit.Finding.Severity;

/** Rendered objects in, findings out: the Pod Security Standards for every pod, and chartsec's checklist. */
public final class Auditor {
    private final PodSecurity.Level level;
    private final int minor;
    private final boolean checklist;

    public Auditor(PodSecurity.Level level, int minor, boolean checklist) {
        this.level = level;
        this.minor = minor;
        this.checklist = checklist;
    }

    public List<Finding> audit(List<Map<String, Object>> docs) {
        List<Finding> out = new ArrayList<>();
        List<Workload> workloads = new ArrayList<>();
        for (Map<String, Object> doc : docs) {
            Workload w = Workload.of(doc);
            if (w != null) {
                workloads.add(w);
                for (PodSecurity.Failure f : PodSecurity.evaluate(w.metadata(), w.spec(), level, minor)) {
                    out.add(new Finding("PSS-" + f.check(), Severity.ERROR, w.name(), w.specPath(), f.detail(),
                            "Pod Security Standards " + level.name().toLowerCase() + " (v1." + minor + ")",
                            "see the Pod Security Standards for " + f.check()));
                }
            }
            if (checklist) {
                Checklist.rbac(doc, doc.get("kind") + "/" + Trees.get(doc, "metadata", "name"), out);
                Checklist.namespaceLabels(doc, out);
            }
        }
        if (checklist) {
            for (Workload w : workloads) {
                boolean longRunning = !w.kind().equals("Pod") && !w.kind().equals("Job") && !w.kind().equals("CronJob");
                Checklist.pod(w, out);
                for (Object c : Trees.list(w.spec().get("containers"))) {
                    Checklist.container(w, cast(c), longRunning, out);
                }
                for (Object c : Trees.list(w.spec().get("initContainers"))) {
                    Checklist.container(w, cast(c), false, out);
                }
                Checklist.availability(docs, w, out);
            }
            Checklist.network(docs, workloads, out);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
