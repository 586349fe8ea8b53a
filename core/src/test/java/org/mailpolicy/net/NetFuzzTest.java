package org.mailpolicy.net;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * IP literals, networks and domain names from anywhere (SMTP, DNS, configuration) never make the parsers
 * throw; an accepted literal reads back to the same address. Seeds in {@code NetFuzzTestInputs}.
 */
class NetFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void ipLiteral(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Optional<InetAddress> parsed = IpLiteral.parse(text);
        if (parsed.isPresent()) {
            Optional<InetAddress> again = IpLiteral.parseAddress(parsed.get().getHostAddress());
            if (!again.equals(parsed)) {
                throw new AssertionError(text + " parsed to " + parsed.get() + " which reads back as " + again);
            }
        }
        Cidr.parse(text).ifPresent(network -> {
            if (!Cidr.parse(network.toString()).equals(Optional.of(network))) {
                throw new AssertionError(text + " parsed to the network " + network + " which reads back differently");
            }
        });
    }

    @FuzzTest(maxDuration = "10s")
    void domainName(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        if (DomainName.fitsDns(text) && DomainName.withoutTrailingDot(text).length() > DomainName.MAX_LENGTH) {
            throw new AssertionError("accepted a name over " + DomainName.MAX_LENGTH + " octets: " + text);
        }
        DomainName.isSameOrSubdomain(text, "example.com");
        DomainName.isSameOrSubdomain("mail.example.com", text);
    }
}
