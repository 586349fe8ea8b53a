package org.mailpolicy.spf;

import java.net.InetAddress;
import java.util.Locale;

import org.mailpolicy.header.HeaderSyntax;

/** Writes the RFC 7208 §9.1 Received-SPF field body for a result. */
public final class ReceivedSpf {

    public static final String HEADER_NAME = "Received-SPF";

    private ReceivedSpf() {
    }

    /**
     * {@code pass (mx.example.org: domain of example.net designates 192.0.2.1 as permitted sender)
     * client-ip=192.0.2.1; envelope-from="a@example.net"; helo=mail.example.net; receiver=mx.example.org;
     * identity=mailfrom; mechanism="ip4:192.0.2.0/24"}
     */
    public static String format(SpfResult result, InetAddress client, String helo, String receiver) {
        StringBuilder out = new StringBuilder(result.code().keyword())
                .append(" (").append(HeaderSyntax.commentText(receiver + ": " + comment(result, client))).append(')')
                .append(' ').append("client-ip=").append(client.getHostAddress());
        pair(out, "envelope-from", result.identity() == SpfIdentity.MAILFROM ? result.sender() : "");
        pair(out, "helo", helo);
        pair(out, "receiver", receiver);
        out.append("; identity=").append(result.identity().name().toLowerCase(Locale.ROOT));
        result.mechanism().ifPresent(mechanism -> pair(out, "mechanism", mechanism));
        result.problem().ifPresent(problem -> pair(out, "problem", problem));
        return out.toString();
    }

    private static String comment(SpfResult result, InetAddress client) {
        String ip = client.getHostAddress();
        switch (result.code()) {
            case PASS:
                return "domain of " + result.domain() + " designates " + ip + " as permitted sender";
            case FAIL:
                return "domain of " + result.domain() + " does not designate " + ip + " as permitted sender";
            case SOFTFAIL:
                return "domain of transitioning " + result.domain() + " does not designate " + ip + " as permitted sender";
            case NEUTRAL:
                return ip + " is neither permitted nor denied by domain of " + result.domain();
            case NONE:
                return "domain of " + result.domain() + " does not provide an SPF record";
            case TEMPERROR:
                return "temporary error checking the SPF record of " + result.domain();
            default:
                return "the SPF record of " + result.domain() + " is invalid";
        }
    }

    private static void pair(StringBuilder out, String key, String value) {
        if (value.isEmpty()) {
            return;
        }
        out.append("; ").append(key).append('=').append(HeaderSyntax.isDotAtom(value) ? value : HeaderSyntax.quotedString(value));
    }
}
