package dev.chartsec.write;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import dev.chartsec.generate.ChartFiles;

/**
 * The chart as `helm package` lays it out: a gzipped tar with every file under {@code NAME/}, the files
 * .helmignore leaves out (.chartsec/) left out, so `helm install REL chart.tgz` installs it as it is.
 * Byte-identical for the same chart: sorted entries, fixed time, owner and modes (plain ustar).
 */
public final class TgzArchive {
    /** 2026-01-01T00:00:00Z, the time every entry carries. */
    static final long MTIME = 1_767_225_600L;

    private TgzArchive() {
    }

    public static byte[] of(ChartFiles chart) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * 1024);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) { // its header carries no time or name
            for (Map.Entry<String, String> e : chart.files().entrySet()) {
                if (ChartFiles.packaged(e.getKey())) {
                    entry(gz, chart.name() + "/" + e.getKey(), chart.bytes(e.getKey()));
                }
            }
            gz.write(new byte[1024]); // two zero blocks end the archive
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void entry(OutputStream out, String path, byte[] content) throws IOException {
        byte[] header = new byte[512];
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length > 100) {
            int slash = path.lastIndexOf('/', Math.min(path.length() - 1, 155));
            byte[] prefix = path.substring(0, slash).getBytes(StandardCharsets.UTF_8);
            name = path.substring(slash + 1).getBytes(StandardCharsets.UTF_8);
            if (prefix.length > 155 || name.length > 100) {
                throw new IllegalArgumentException("path too long for a tar entry: " + path);
            }
            System.arraycopy(prefix, 0, header, 345, prefix.length);
        }
        System.arraycopy(name, 0, header, 0, name.length);
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, content.length);
        octal(header, 136, 12, MTIME);
        header[156] = '0';
        byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 257, magic.length);
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        octal(header, 148, 7, sum);
        header[155] = ' ';
        out.write(header);
        out.write(content);
        int pad = (512 - content.length % 512) % 512;
        out.write(new byte[pad]);
    }

    private static void octal(byte[] header, int offset, int length, long value) {
        String s = Long.toOctalString(value);
        String padded = "0".repeat(length - 1 - s.length()) + s;
        byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, offset, b.length);
        header[offset + length - 1] = 0;
    }
}
