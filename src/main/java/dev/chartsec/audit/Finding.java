package dev.chartsec.audit;

/**
 * One audit finding.
 *
 * @param id       a stable id: PSS-&lt;check&gt; for the Pod Security Standards, CS0NN for chartsec's checklist
 * @param object   Kind/name (namespace) of the object
 * @param path     the field path inside the object
 * @param found    what was found
 * @param required what is required
 * @param fix      a one-line fix
 */
public record Finding(String id, Severity severity, String object, String path, String found, String required, String fix) {
    public enum Severity {
        ERROR, WARNING, INFO;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
