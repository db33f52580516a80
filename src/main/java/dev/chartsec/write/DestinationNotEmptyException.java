package dev.chartsec.write;

import java.nio.file.Path;

/** The destination cannot take the chart as it is: it holds files (and --force was not given), or is a file. */
public class DestinationNotEmptyException extends RuntimeException {
    public DestinationNotEmptyException(Path dir, String problem) {
        super(dir + " " + problem, null, false, false);
    }
}
