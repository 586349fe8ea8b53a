package org.mailpolicy.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.message.RawMessage;

/**
 * Fuzzes the DMARC record parser and the RFC5322.From reader: neither may throw, and a record or
 * From field published or sent by anyone must give an evaluation result, never an exception.
 */
class DmarcRecordFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parseRecord(FuzzedDataProvider data) throws Exception {
        String text = data.consumeRemainingAsString();
        for (DmarcMode mode : DmarcMode.values()) {
            DmarcRecord.ParsedRecord parsed = DmarcRecord.parse(text, mode);
            if (parsed.record().isPresent()) {
                DmarcRecord record = parsed.record().get();
                assertThat(record.percent()).isBetween(0, 100);
                assertThat(record.nonExistentPolicy()).isNotNull();
            } else if (parsed.isDmarc()) {
                assertThat(parsed.error()).isPresent();
            }
            InMemoryResolver dns = InMemoryResolver.builder().txt("_dmarc.example.com", text).build();
            DmarcResult result = new DmarcEvaluator(dns, DmarcOptions.builder().mode(mode).build())
                    .evaluate(DmarcInput.builder("From: a@mail.example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).dkimPass("example.com").build())
                    .get();
            assertThat(result.code()).isNotNull();
        }
    }

    @FuzzTest(maxDuration = "10s")
    void authorDomains(FuzzedDataProvider data) {
        byte[] header = data.consumeRemainingAsBytes();
        byte[] message = new byte[header.length + 10];
        System.arraycopy("From:".getBytes(StandardCharsets.US_ASCII), 0, message, 0, 5);
        System.arraycopy(header, 0, message, 5, header.length);
        System.arraycopy("\r\n\r\nx".getBytes(StandardCharsets.US_ASCII), 0, message, header.length + 5, 5);
        AuthorDomains authors = AuthorDomains.of(RawMessage.parse(message));
        assertThat(authors.domains().isEmpty()).isEqualTo(authors.problem().isPresent());
        authors.domains().forEach(d -> assertThat(Domains.toALabels(d)).contains(d));
    }
}
