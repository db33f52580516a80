package dev.chartsec.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The regular files of a tar stream (ustar: 512-byte headers and blocks), each with its bytes, bounded in total. */
final class TarEntries {
    /** One regular file of the archive. */
    interface Visitor {
        /** Returns true to stop. */
        boolean file(String name, byte[] content) throws IOException;
    }

    private TarEntries() {
    }

    /** Visits every regular file; more than {@code limit} bytes in all is an IOException. Returns whether a visit stopped. */
    static boolean forEach(InputStream in, long limit, Visitor visitor) throws IOException {
        byte[] header = new byte[512];
        long total = 0;
        while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
            String name = new String(header, 0, 100, StandardCharsets.ISO_8859_1).replace("\0", "");
            long size;
            try {
                size = Long.parseLong(new String(header, 124, 12, StandardCharsets.ISO_8859_1).replace("\0", "").trim(), 8);
            } catch (NumberFormatException e) {
                throw new IOException("not a tar archive");
            }
            total += size;
            if (total > limit) {
                throw new IOException("larger than " + limit / (1024 * 1024) + " MiB unpacked");
            }
            byte[] content = in.readNBytes((int) size);
            in.skipNBytes((512 - size % 512) % 512);
            char type = (char) header[156];
            if ((type == '0' || type == 0) && visitor.file(name, content)) {
                return true;
            }
        }
        return false;
    }
}
