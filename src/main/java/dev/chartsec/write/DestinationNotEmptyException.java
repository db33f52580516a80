package dev.chartsec.write;

import java.nio.file.Path;

/** The destination holds files already and --force was not given. */
public class DestinationNotEmptyException extends RuntimeException {
    public DestinationNotEmptyException(Path dir) {
        super(dir + " exists and is not empty; choose another -o DIR, or pass --force to write the chart's files over it");
    }
}
