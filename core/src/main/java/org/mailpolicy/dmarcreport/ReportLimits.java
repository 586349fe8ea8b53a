package org.mailpolicy.dmarcreport;

/**
 * Bounds on what the report reader accepts, so that a hostile report costs bounded memory and time:
 * the input size, the decompressed size (gzip and zip bombs), the zip entries, the MIME parts and
 * nesting, and the records.
 */
public final class ReportLimits {

    /** 16 MiB in, 32 MiB of XML out, 16 zip entries, 64 MIME parts 8 deep, 200,000 records. */
    public static final ReportLimits DEFAULT = new ReportLimits(16 << 20, 32 << 20, 16, 64, 8, 200_000);

    private final int maxInputBytes;
    private final int maxXmlBytes;
    private final int maxZipEntries;
    private final int maxMimeParts;
    private final int maxMimeDepth;
    private final int maxRecords;

    public ReportLimits(int maxInputBytes, int maxXmlBytes, int maxZipEntries, int maxMimeParts, int maxMimeDepth,
            int maxRecords) {
        if (maxInputBytes <= 0 || maxXmlBytes <= 0 || maxZipEntries <= 0 || maxMimeParts <= 0 || maxMimeDepth <= 0
                || maxRecords <= 0) {
            throw new IllegalArgumentException("report limits must be positive");
        }
        this.maxInputBytes = maxInputBytes;
        this.maxXmlBytes = maxXmlBytes;
        this.maxZipEntries = maxZipEntries;
        this.maxMimeParts = maxMimeParts;
        this.maxMimeDepth = maxMimeDepth;
        this.maxRecords = maxRecords;
    }

    /** The largest input (file or message) read at all. */
    public int maxInputBytes() {
        return maxInputBytes;
    }

    /** The largest report once decompressed, for each gzip member or zip archive. */
    public int maxXmlBytes() {
        return maxXmlBytes;
    }

    public int maxZipEntries() {
        return maxZipEntries;
    }

    public int maxMimeParts() {
        return maxMimeParts;
    }

    public int maxMimeDepth() {
        return maxMimeDepth;
    }

    public int maxRecords() {
        return maxRecords;
    }
}
