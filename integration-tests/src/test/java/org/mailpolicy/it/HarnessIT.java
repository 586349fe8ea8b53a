package org.mailpolicy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailpolicy.it.harness.JamesServerExtension;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The servers the harness starts beside James answer as the tests will rely on. */
class HarnessIT {

    @RegisterExtension
    static final JamesServerExtension james = StandardServers.create();

    @Test
    void nsdAnswersTheRecordsOfItsZones() {
        assertThat(answers("example.com", Type.TXT)).containsExactly("\"v=spf1 ip4:127.0.0.1 -all\"");
        assertThat(answers("example.com", Type.MX)).containsExactly("10 mx.example.com.");
        assertThat(answers("mx.example.com", Type.A)).containsExactly("127.0.0.2");
        assertThat(answers("mx.example.com", Type.AAAA)).containsExactly("2001:db8:0:0:0:0:0:2");
        assertThat(answers("2.0.0.127.in-addr.arpa", Type.PTR)).containsExactly("mx.example.com.");
        assertThat(james.dns().query("nothing.example.com", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void nsdAnswersServfailForTheServfailZone() {
        assertThat(Rcode.string(james.dns().query("broken.example", Type.TXT).getRcode())).isEqualTo("SERVFAIL");
        assertThat(Rcode.string(james.dns().query("_dmarc.broken.example", Type.TXT).getRcode())).isEqualTo("SERVFAIL");
    }

    @Test
    void redisAnswersPing() throws Exception {
        assertThat(james.redis().ping()).isEqualTo("+PONG");
    }

    private static List<String> answers(String name, int type) {
        Message response = james.dns().query(name, type);
        assertThat(Rcode.string(response.getRcode())).as("%s %s", name, Type.string(type)).isEqualTo("NOERROR");
        return response.getSection(Section.ANSWER).stream().map(Record::rdataToString).collect(Collectors.toList());
    }
}
