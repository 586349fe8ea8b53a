package org.mailpolicy.dmarcreport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * gzip and zip with bounded output (RFC 9990 §3.5: reports travel compressed): decompression stops as
 * soon as the output would pass the limit, so a bomb costs at most the limit in memory and the time to
 * inflate it, and a truncated stream is named as such.
 */
final class Decompression {

    private Decompression() {
    }

    static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    static boolean isZip(byte[] data) {
        return data.length >= 4 && data[0] == 'P' && data[1] == 'K' && data[2] == 3 && data[3] == 4;
    }

    static byte[] gunzip(byte[] data, int maxBytes) throws ReportException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return readBounded(in, maxBytes, "gzip");
        } catch (EOFException e) {
            throw new ReportException("the gzip data is truncated (" + data.length + " bytes)");
        } catch (IOException e) {
            throw new ReportException("the gzip data is corrupt: " + e.getMessage());
        }
    }

    /** The contents of each file in the archive, directories skipped; all of them together bounded by {@code maxBytes}. */
    static List<byte[]> unzip(byte[] data, int maxBytes, int maxEntries) throws ReportException {
        List<byte[]> files = new ArrayList<>();
        int total = 0;
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(data))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (++entries > maxEntries) {
                    throw new ReportException("the zip archive has more than " + maxEntries + " entries");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] file = readBounded(in, maxBytes - total, "zip");
                total += file.length;
                files.add(file);
            }
        } catch (EOFException e) {
            throw new ReportException("the zip archive is truncated (" + data.length + " bytes)");
        } catch (ZipException | IllegalArgumentException e) {
            // ZipInputStream throws IllegalArgumentException for an entry name that is not valid UTF-8.
            throw new ReportException("the zip archive is corrupt: " + e.getMessage());
        } catch (IOException e) {
            throw new ReportException("the zip archive cannot be read: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new ReportException("the zip archive holds no file");
        }
        return files;
    }

    private static byte[] readBounded(InputStream in, int maxBytes, String what) throws IOException, ReportException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > maxBytes) {
                throw new ReportException("the " + what + " data decompresses to more than " + maxBytes
                        + " bytes (decompression bomb?)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
