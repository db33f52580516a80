package dev.chartsec.audit.pss;

/** A field whose value the API server cannot decode: the object is refused before any policy applies. */
public final class InvalidObject extends RuntimeException {
    private final String path;

    public InvalidObject(String path, String message) {
        super(path + ": " + message, null, false, false);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
