package dev.chartsec.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (the Maven project version). */
public class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"chartsec " + (v == null ? "development build" : v)};
    }
}
