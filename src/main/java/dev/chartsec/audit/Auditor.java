package dev.chartsec.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.chartsec.audit.Finding.Severity;
import dev.chartsec.audit.pss.Failure;
import dev.chartsec.audit.pss.InvalidObject;
import dev.chartsec.audit.pss.Level;

/** Rendered objects in, findings out: the Pod Security Standards for every pod, and chartsec's checklist. */
public final class Auditor {
    /** The id of a finding for an object the API server would refuse to decode. */
    public static final String INVALID = "INVALID";

    private final Level level;
    private final int minor;
    private final boolean checklist;

    public Auditor(Level level, int minor, boolean checklist) {
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
                podSecurity(w, out, workloads);
            }
            if (checklist) {
                Checklist.rbac(doc, doc.get("kind") + "/" + Trees.get(doc, "metadata", "name"), out);
                Checklist.namespaceLabels(doc, out);
                Checklist.unverifiedApiTraffic(doc, out);
            }
        }
        if (checklist) {
            for (Workload w : workloads) {
                boolean longRunning = !w.kind().equals("Pod") && !w.kind().equals("Job") && !w.kind().equals("CronJob");
                Checklist.pod(w, out);
                List<?> containers = Trees.list(w.spec().get("containers"));
                for (int i = 0; i < containers.size(); i++) {
                    Checklist.container(w, cast(containers.get(i)), w.containerPath("containers", i), longRunning, out);
                }
                List<?> inits = Trees.list(w.spec().get("initContainers"));
                for (int i = 0; i < inits.size(); i++) {
                    Checklist.container(w, cast(inits.get(i)), w.containerPath("initContainers", i), false, out);
                }
                Checklist.availability(docs, w, out);
            }
            Checklist.network(docs, workloads, out);
            Checklist.rbacEscalation(docs, out);
        }
        return out;
    }

    /** Each failed check once, at the first offending field; an undecodable pod is one INVALID finding. */
    private void podSecurity(Workload w, List<Finding> out, List<Workload> workloads) {
        String standard = "Pod Security Standards " + level.id() + " (v1." + minor + ")";
        try {
            for (Failure f : PodSecurity.evaluate(w.rawMetadata(), w.metadataPath(), w.rawSpec(), w.specPath(), w.kind().equals("Pod"), level, minor)) {
                out.add(new Finding(Reports.PSS_PREFIX + f.check(), Severity.ERROR, w.name(),
                        f.paths().isEmpty() ? w.specPath() : f.paths().get(0), f.reason() + ": " + f.detail(), standard,
                        "change " + String.join(", ", f.paths().isEmpty() ? List.of(w.specPath()) : f.paths())));
            }
            workloads.add(w);
        } catch (InvalidObject e) {
            out.add(new Finding(INVALID, Severity.ERROR, w.name(), e.path(), e.getMessage(), "a valid Kubernetes object",
                    "fix the field: the API server refuses the object before any policy applies"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
