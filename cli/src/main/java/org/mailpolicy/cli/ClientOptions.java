package org.mailpolicy.cli;

import java.net.InetAddress;

import org.mailpolicy.net.IpLiteral;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The SMTP client a check is about: {@code --ip}, {@code --mail-from} and {@code --helo}, shared by spf and dmarc. */
final class ClientOptions {

    @Option(names = "--ip", required = true, paramLabel = "IP", description = "The SMTP client's address (IPv4 or IPv6).")
    String ip;

    @Option(names = "--mail-from", paramLabel = "ADDRESS", defaultValue = "",
            description = "The MAIL FROM address; empty for the null sender (then the HELO identity is checked).")
    String mailFrom;

    @Option(names = "--helo", paramLabel = "NAME", defaultValue = "", description = "The HELO/EHLO name.")
    String helo;

    /** The client address, after checking that the options name an identity to check. */
    InetAddress checkedAddress(CommandSpec spec) {
        InetAddress client = IpLiteral.parse(ip).orElseThrow(() ->
                new ParameterException(spec.commandLine(), "--ip must be an IPv4 or IPv6 address: " + ip));
        if (mailFrom.isEmpty() && helo.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give --mail-from, --helo, or both");
        }
        return client;
    }
}
