package dev.chartsec.cli;

/** The exit codes every chartsec command keeps. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int INVALID_INPUT = 2;

    private ExitCodes() {
    }
}
