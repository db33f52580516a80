package dev.chartsec.conformance;

/** One scanner finding on one rendered object. */
record Finding(String scanner, String check, String object, String message) {
    String line() {
        return scanner + " " + check + " on " + object + (message.isEmpty() ? "" : ": " + message);
    }
}
