package dev.chartsec.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.chartsec.audit.Auditor;
import dev.chartsec.audit.PodSecurity;
import dev.chartsec.audit.pss.Level;

/** The audit of a rendered chart of 20 objects, in memory (the objects already parsed). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AuditBenchmark {
    private List<Map<String, Object>> objects;
    private Auditor auditor;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        StringBuilder stream = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            stream.append(DEPLOYMENT.replace("NAME", "app" + i)).append("\n---\n").append(POLICY.replace("NAME", "app" + i))
                    .append("\n---\n").append(SERVICE.replace("NAME", "app" + i)).append("\n---\n")
                    .append(PDB.replace("NAME", "app" + i)).append("\n---\n").append(ROLE.replace("NAME", "app" + i)).append("\n---\n");
        }
        objects = new java.util.ArrayList<>();
        for (Object o : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(stream.toString())) {
            if (o != null) {
                objects.add((Map<String, Object>) o);
            }
        }
        if (objects.size() != 20) {
            throw new IllegalStateException("objects: " + objects.size());
        }
        auditor = new Auditor(Level.RESTRICTED, PodSecurity.LATEST_MINOR, true);
    }

    @Benchmark
    public Object audit() {
        return auditor.audit(objects);
    }

    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: NAME, namespace: shop}
            spec:
              replicas: 2
              selector: {matchLabels: {app: NAME}}
              template:
                metadata: {labels: {app: NAME}}
                spec:
                  automountServiceAccountToken: false
                  securityContext: {runAsNonRoot: true, runAsUser: 10001, seccompProfile: {type: RuntimeDefault}}
                  containers:
                    - name: app
                      image: ghcr.io/acme/NAME:1.0.0
                      imagePullPolicy: Always
                      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
                      resources:
                        requests: {cpu: 100m, memory: 128Mi, ephemeral-storage: 64Mi}
                        limits: {cpu: 500m, memory: 256Mi, ephemeral-storage: 128Mi}
                      livenessProbe: {httpGet: {path: /livez, port: http}}
                      readinessProbe: {httpGet: {path: /readyz, port: http}}
            """;
    static final String POLICY = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: NAME, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: NAME}}
              policyTypes: [Ingress, Egress]
              egress: [{ports: [{port: 53, protocol: UDP}]}]
            """;
    static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: NAME, namespace: shop}
            spec: {selector: {app: NAME}, ports: [{port: 80, targetPort: http}]}
            """;
    static final String PDB = """
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: NAME, namespace: shop}
            spec: {maxUnavailable: 1, selector: {matchLabels: {app: NAME}}}
            """;
    static final String ROLE = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: NAME, namespace: shop}
            rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
            """;
}
