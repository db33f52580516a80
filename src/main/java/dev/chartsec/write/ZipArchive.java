package dev.chartsec.write;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.chartsec.generate.ChartFiles;

/** The chart as a zip under a {@code NAME/} folder, byte-identical for the same chart: sorted, fixed times. */
public final class ZipArchive {
    /** The time every entry carries, so archives do not change with the clock or the time zone. */
    public static final LocalDateTime EPOCH = LocalDateTime.of(2026, 1, 1, 0, 0);
    /** Fast compression: charts are small text, and a generator service zips on every uncached request. */
    static final int LEVEL = java.util.zip.Deflater.BEST_SPEED;

    private ZipArchive() {
    }

    public static byte[] of(ChartFiles chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(LEVEL);
            for (Map.Entry<String, String> e : chart.files().entrySet()) {
                ZipEntry entry = new ZipEntry(chart.name() + "/" + e.getKey());
                entry.setTimeLocal(EPOCH); // DOS time only: no time zone, no extra fields
                zip.putNextEntry(entry);
                zip.write(chart.bytes(e.getKey()));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
