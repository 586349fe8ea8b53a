package org.mailpolicy.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Hostile DNS answers: whatever dnsjava manages to parse, turning it into a DnsAnswer never throws. */
class AnswerConverterFuzzTest {

    private static final int[] TYPES = {Type.TXT, Type.A, Type.AAAA, Type.MX, Type.PTR};

    @FuzzTest(maxDuration = "10s")
    void convert(FuzzedDataProvider data) {
        int type = TYPES[data.consumeInt(0, TYPES.length - 1)];
        byte[] wire = data.consumeRemainingAsBytes();
        Message response;
        try {
            response = new Message(wire);
        } catch (IOException | RuntimeException unparsable) {
            return;
        }
        AnswerConverter.Converted converted = AnswerConverter.convert(response, TestDnsServer.name("example.com"), type, 60);
        assertThat(converted.answer).isNotNull();
        assertThat(converted.ttlSeconds).isGreaterThanOrEqualTo(0);
    }
}
