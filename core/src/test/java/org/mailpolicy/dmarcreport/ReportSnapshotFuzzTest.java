package org.mailpolicy.dmarcreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer targets for what the report stores read back: the snapshot file of the in-memory store and the
 * record and policy fields of the Redis store. In a plain {@code mvn verify} each runs its seed corpus
 * (src/test/resources/org/mailpolicy/dmarcreport/ReportSnapshotFuzzTestInputs/&lt;method&gt;/); with
 * JAZZER_FUZZ=1 it fuzzes. The property: a damaged input is a clear refusal (IOException,
 * IllegalArgumentException), never another exception, and what is accepted writes back the same.
 */
class ReportSnapshotFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void readSnapshot(byte[] input) throws IOException {
        Path file = Files.createTempFile("snapshot-fuzz", ".bin");
        try {
            Files.write(file, input);
            List<ReportBatch> batches;
            try {
                batches = ReportSnapshot.read(file);
            } catch (IOException damaged) {
                return;
            }
            ReportSnapshot.write(file, batches);
            assertThat(ReportSnapshot.read(file)).hasSameSizeAs(batches);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void decodeStoredItems(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        try {
            ReportRecord record = ReportSnapshot.decodeRecord(text);
            assertThat(ReportSnapshot.decodeRecord(ReportSnapshot.encode(record))).isEqualTo(record);
        } catch (IllegalArgumentException damaged) {
            // refused with a reason
        }
        try {
            PolicyPublished policy = ReportSnapshot.decodePolicy(text);
            assertThat(ReportSnapshot.decodePolicy(ReportSnapshot.encode(policy))).isEqualTo(policy);
        } catch (IllegalArgumentException damaged) {
            // refused with a reason
        }
    }
}
