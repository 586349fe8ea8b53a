package org.mailpolicy.dmarcreport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The on-disk form of an {@link InMemoryReportStore}: a versioned binary file of batches and their
 * records. Reading checks every length against a bound, so a damaged file fails with an
 * {@link IOException} instead of exhausting memory.
 */
final class ReportSnapshot {

    private static final int MAGIC = 0x4d504452; // "MPDR"
    private static final int VERSION = 1;
    private static final int MAX_STRING = 1 << 16;
    private static final int MAX_ITEMS = 1 << 24;

    private ReportSnapshot() {
    }

    static void write(Path file, List<ReportBatch> batches) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream stream = Files.newOutputStream(temporary);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(batches.size());
            for (ReportBatch batch : batches) {
                writeBatch(out, batch);
            }
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static List<ReportBatch> read(Path file) throws IOException {
        List<ReportBatch> batches = new ArrayList<>();
        try (InputStream stream = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(stream))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file + " is not a MailPolicy DMARC report snapshot (version " + VERSION + ")");
            }
            int count = items(in, file);
            for (int i = 0; i < count; i++) {
                batches.add(readBatch(in, file));
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (EOFException e) {
            throw new IOException(file + " is truncated", e);
        } catch (RuntimeException e) {
            // Values no report can hold (an instant past year 1,000,000,000, a negative count) mean damage.
            throw new IOException(file + " is damaged: " + e.getMessage(), e);
        }
        return batches;
    }

    private static void writeBatch(DataOutputStream out, ReportBatch batch) throws IOException {
        writeString(out, batch.key().domain());
        out.writeLong(batch.key().interval().begin().getEpochSecond());
        out.writeLong(batch.key().interval().end().getEpochSecond());
        writePolicy(out, batch.policy());
        out.writeInt(batch.records().size());
        for (ReportRecord r : batch.records()) {
            writeRecord(out, r);
        }
    }

    private static void writePolicy(DataOutputStream out, PolicyPublished p) throws IOException {
        writeString(out, p.domain());
        for (String tag : new String[] {p.adkim().orElse(null), p.aspf().orElse(null), p.p().orElse(null),
                p.sp().orElse(null), p.np().orElse(null), p.fo().orElse(null), p.testing().orElse(null),
                p.psd().orElse(null), p.discoveryMethod().orElse(null)}) {
            writeString(out, tag);
        }
        out.writeInt(p.pct().orElse(-1));
    }

    private static void writeRecord(DataOutputStream out, ReportRecord r) throws IOException {
        writeString(out, r.sourceIp());
        out.writeLong(r.count());
        writeString(out, r.disposition());
        writeString(out, r.dkim());
        writeString(out, r.spf());
        writeString(out, r.envelopeTo().orElse(null));
        writeString(out, r.envelopeFrom().orElse(null));
        writeString(out, r.headerFrom());
        out.writeInt(r.reasons().size());
        for (PolicyOverrideReason reason : r.reasons()) {
            writeString(out, reason.type());
            writeString(out, reason.comment().orElse(null));
        }
        out.writeInt(r.dkimResults().size());
        for (DkimAuthResult d : r.dkimResults()) {
            writeString(out, d.domain());
            writeString(out, d.selector());
            writeString(out, d.result());
            writeString(out, d.humanResult().orElse(null));
        }
        out.writeInt(r.spfResults().size());
        for (SpfAuthResult spf : r.spfResults()) {
            writeString(out, spf.domain());
            writeString(out, spf.scope().orElse(null));
            writeString(out, spf.result());
            writeString(out, spf.humanResult().orElse(null));
        }
    }

    private static ReportBatch readBatch(DataInputStream in, Object file) throws IOException {
        String domain = readString(in, file);
        long begin = in.readLong();
        long end = in.readLong();
        if (end <= begin) {
            throw new IOException(file + " holds an interval that ends before it begins");
        }
        ReportKey key = new ReportKey(domain, new ReportInterval(Instant.ofEpochSecond(begin), Instant.ofEpochSecond(end)));
        PolicyPublished policy = readPolicy(in, file);
        int count = items(in, file);
        List<ReportRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(readRecord(in, file));
        }
        return new ReportBatch(key, policy, records);
    }

    private static PolicyPublished readPolicy(DataInputStream in, Object file) throws IOException {
        PolicyPublished.Builder policy = PolicyPublished.builder(readString(in, file)).adkim(readString(in, file))
                .aspf(readString(in, file)).p(readString(in, file)).sp(readString(in, file)).np(readString(in, file))
                .fo(readString(in, file)).testing(readString(in, file)).psd(readString(in, file))
                .discoveryMethod(readString(in, file));
        int pct = in.readInt();
        return policy.pct(pct < 0 ? null : pct).build();
    }

    private static ReportRecord readRecord(DataInputStream in, Object file) throws IOException {
        ReportRecord.Builder r = ReportRecord.builder().sourceIp(readString(in, file)).count(in.readLong())
                .disposition(readString(in, file)).dkim(readString(in, file)).spf(readString(in, file))
                .envelopeTo(readString(in, file)).envelopeFrom(readString(in, file))
                .headerFrom(readString(in, file));
        int reasons = items(in, file);
        for (int j = 0; j < reasons; j++) {
            r.reason(new PolicyOverrideReason(readString(in, file), readString(in, file)));
        }
        int dkim = items(in, file);
        for (int j = 0; j < dkim; j++) {
            r.dkimResult(new DkimAuthResult(readString(in, file), readString(in, file), readString(in, file),
                    readString(in, file)));
        }
        int spf = items(in, file);
        for (int j = 0; j < spf; j++) {
            r.spfResult(new SpfAuthResult(readString(in, file), readString(in, file), readString(in, file),
                    readString(in, file)));
        }
        return r.build();
    }

    /** One record as text (base64 of its snapshot form): a Redis hash field. */
    static String encode(ReportRecord record) {
        return encode(out -> writeRecord(out, record));
    }

    /** The policy as text (base64 of its snapshot form). */
    static String encode(PolicyPublished policy) {
        return encode(out -> writePolicy(out, policy));
    }

    /** @throws IllegalArgumentException for text {@link #encode(ReportRecord)} did not write */
    static ReportRecord decodeRecord(String text) {
        return decode(text, in -> readRecord(in, "a stored report record"));
    }

    /** @throws IllegalArgumentException for text {@link #encode(PolicyPublished)} did not write */
    static PolicyPublished decodePolicy(String text) {
        return decode(text, in -> readPolicy(in, "a stored report policy"));
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static String encode(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to memory", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static <T> T decode(String text, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
            return reader.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a stored report item: " + e.getMessage(), e);
        }
    }

    private static int items(DataInputStream in, Object file) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_ITEMS) {
            throw new IOException(file + " is damaged (a list of " + count + " items)");
        }
        return count;
    }

    /** Length-prefixed UTF-8, -1 for null. */
    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in, Object file) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > MAX_STRING) {
            throw new IOException(file + " is damaged (a string of " + length + " bytes)");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
