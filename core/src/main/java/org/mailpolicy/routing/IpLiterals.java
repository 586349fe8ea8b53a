package org.mailpolicy.routing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** IP address literals in the table ({@code [192.0.2.1]}, {@code [ipv6:2001:db8::1]}, {@code bind=}), parsed without any DNS query. */
final class IpLiterals {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-f:.]+");

    private IpLiterals() {
    }

    static boolean isIpv4(String text) {
        return IPV4.matcher(text).matches();
    }

    /** True for an IPv4 dotted quad or an IPv6 address (RFC 4291 §2.2 text forms). */
    static boolean isIp(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (isIpv4(t)) {
            return true;
        }
        if (t.indexOf(':') < 0 || !IPV6_CHARS.matcher(t).matches()) {
            return false;
        }
        try {
            // A string with a colon is parsed as an IPv6 literal and never sent to DNS.
            InetAddress.getByName(t);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
