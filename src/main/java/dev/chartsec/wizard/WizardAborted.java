package dev.chartsec.wizard;

/** The user pressed Ctrl-C, closed the input, or declined to write. Nothing has been written. */
public class WizardAborted extends RuntimeException {
    public WizardAborted(String why) {
        super(why);
    }
}
