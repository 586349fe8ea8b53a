package org.mailpolicy.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ReceivedSpfTest {

    @Test
    void rfc7208Section9_1FieldWithKeyValuePairs() throws Exception {
        SpfResult pass = SpfResult.builder(SpfResultCode.PASS, SpfIdentity.MAILFROM, "example.net", "user@example.net")
                .mechanism("ip4:192.0.2.0/24").build();

        String field = ReceivedSpf.format(pass, InetAddress.getByName("192.0.2.1"), "mail.example.net", "mx.example.org");

        assertThat(field).isEqualTo("pass (mx.example.org: domain of example.net designates 192.0.2.1 as permitted sender)"
                + " client-ip=192.0.2.1; envelope-from=\"user@example.net\"; helo=mail.example.net;"
                + " receiver=mx.example.org; identity=mailfrom; mechanism=\"ip4:192.0.2.0/24\"");
    }

    @Test
    void hostileHeloIsQuotedAndCannotStartALine() throws Exception {
        SpfResult none = SpfResult.builder(SpfResultCode.NONE, SpfIdentity.HELO, "x", "postmaster@x").build();

        String field = ReceivedSpf.format(none, InetAddress.getByName("2001:db8::1"), "evil\r\nX: y (", "mx");

        assertThat(field).doesNotContain("\r").doesNotContain("\n").contains("helo=\"evil  X: y (\"");
    }
}
