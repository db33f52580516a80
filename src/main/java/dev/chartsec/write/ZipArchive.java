package dev.chartsec.write;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import dev.chartsec.generate.ChartFiles;

/**
 * The chart as a zip under a {@code NAME/} folder, byte-identical for the same chart: sorted entries, one
 * fixed DOS time, no extra fields. Most of a chart (its templates and schema) is the same text for every
 * chart of a name, so each entry's deflated bytes are kept in a small cache keyed by the text: a service
 * zipping many charts compresses only what differs.
 */
public final class ZipArchive {
    /** The time every entry carries: 2026-01-01 00:00, as a DOS date and time (no time zone, no clock). */
    public static final LocalDateTime EPOCH = LocalDateTime.of(2026, 1, 1, 0, 0);
    static final int DOS_TIME = 0;
    static final int DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;
    private static final int CACHE_ENTRIES = 256;
    private static final Map<String, Deflated> CACHE = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deflated> eldest) {
            return size() > CACHE_ENTRIES;
        }
    });

    private record Deflated(byte[] data, long crc, int size) {
    }

    private ZipArchive() {
    }

    /** Empties the deflate cache, so a test can compare an archive made from scratch with one made from it. */
    public static void clearCache() {
        CACHE.clear();
    }

    public static byte[] of(ChartFiles chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        ByteArrayOutputStream central = new ByteArrayOutputStream(4096);
        List<String> names = new ArrayList<>(chart.files().keySet());
        for (String path : names) {
            byte[] name = (chart.name() + "/" + path).getBytes(StandardCharsets.UTF_8);
            Deflated d = deflated(chart.get(path));
            int offset = out.size();
            header(out, 0x04034b50, false, name, d, 0);
            out.write(name, 0, name.length);
            out.write(d.data(), 0, d.data().length);
            header(central, 0x02014b50, true, name, d, offset);
            central.write(name, 0, name.length);
        }
        int centralOffset = out.size();
        byte[] directory = central.toByteArray();
        out.write(directory, 0, directory.length);
        le32(out, 0x06054b50);
        le16(out, 0);
        le16(out, 0);
        le16(out, names.size());
        le16(out, names.size());
        le32(out, directory.length);
        le32(out, centralOffset);
        le16(out, 0);
        return out.toByteArray();
    }

    private static Deflated deflated(String text) {
        Deflated d = CACHE.get(text);
        if (d == null) {
            byte[] raw = text.getBytes(StandardCharsets.UTF_8);
            CRC32 crc = new CRC32();
            crc.update(raw);
            Deflater deflater = new Deflater(Deflater.BEST_SPEED, true); // raw deflate, as zip stores it
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream buf = new ByteArrayOutputStream(raw.length / 2 + 64);
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) {
                int n = deflater.deflate(chunk);
                buf.write(chunk, 0, n);
            }
            deflater.end();
            d = new Deflated(buf.toByteArray(), crc.getValue(), raw.length);
            CACHE.put(text, d);
        }
        return d;
    }

    /** A local file header, or a central directory entry when {@code central}. */
    private static void header(ByteArrayOutputStream out, int signature, boolean central, byte[] name, Deflated d, int offset) {
        le32(out, signature);
        if (central) {
            le16(out, (3 << 8) | 20); // made by: Unix, version 2.0 (so the mode below is read)
        }
        le16(out, 20); // needed to extract: 2.0
        le16(out, 0x0800); // UTF-8 names
        le16(out, 8); // deflated
        le16(out, DOS_TIME);
        le16(out, DOS_DATE);
        le32(out, (int) d.crc());
        le32(out, d.data().length);
        le32(out, d.size());
        le16(out, name.length);
        le16(out, 0); // no extra field
        if (central) {
            le16(out, 0); // no comment
            le16(out, 0); // disk 0
            le16(out, 0); // internal attributes
            le32(out, 0100644 << 16); // external attributes: a regular file, rw-r--r--
            le32(out, offset);
        }
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        le16(out, v & 0xffff);
        le16(out, (v >>> 16) & 0xffff);
    }
}
