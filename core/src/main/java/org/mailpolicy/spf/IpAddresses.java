package org.mailpolicy.spf;

import java.net.Inet4Address;
import java.net.InetAddress;

/** Address parsing and formatting of RFC 7208 §5.6 and §7.3, written out so that no text ever reaches the JDK's resolver. */
final class IpAddresses {

    private IpAddresses() {
    }

    /** ip4-network = qnum "." qnum "." qnum "." qnum, where qnum is 0-255 without leading zeros. */
    static byte[] parseIp4(String text, String term) throws SpfSyntaxException {
        byte[] bytes = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i == text.length() ? '.' : text.charAt(i);
            if (c == '.') {
                if (digits == 0 || part > 3) {
                    throw new SpfSyntaxException("invalid IPv4 address in '" + term + "'");
                }
                bytes[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    throw new SpfSyntaxException("leading zero in IPv4 address in '" + term + "'");
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) {
                    throw new SpfSyntaxException("invalid IPv4 address in '" + term + "'");
                }
            } else {
                throw new SpfSyntaxException("invalid IPv4 address in '" + term + "'");
            }
        }
        if (part != 4) {
            throw new SpfSyntaxException("invalid IPv4 address in '" + term + "'");
        }
        return bytes;
    }

    /** RFC 4291 §2.2 text forms, including "::" and a trailing dotted IPv4 part. */
    static byte[] parseIp6(String text, String term) throws SpfSyntaxException {
        byte[] bytes = new byte[16];
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            throw new SpfSyntaxException("invalid IPv6 address in '" + term + "'");
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = groups(head, term, doubleColon < 0);
        int[] tailGroups = groups(tail, term, true);
        int total = headGroups.length + tailGroups.length;
        if ((doubleColon < 0 && total != 8) || (doubleColon >= 0 && total > 7)) {
            throw new SpfSyntaxException("invalid IPv6 address in '" + term + "'");
        }
        int index = 0;
        for (int group : headGroups) {
            bytes[index++] = (byte) (group >> 8);
            bytes[index++] = (byte) group;
        }
        index = 16 - tailGroups.length * 2;
        for (int group : tailGroups) {
            bytes[index++] = (byte) (group >> 8);
            bytes[index++] = (byte) group;
        }
        return bytes;
    }

    /** Hex groups of one side of "::"; the last side may end in dotted IPv4 (two groups). */
    private static int[] groups(String side, String term, boolean mayEndInIp4) throws SpfSyntaxException {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] pieces = side.split(":", -1);
        int count = pieces.length;
        boolean ip4Tail = mayEndInIp4 && pieces[count - 1].indexOf('.') >= 0;
        int[] groups = new int[ip4Tail ? count + 1 : count];
        for (int i = 0; i < count; i++) {
            String piece = pieces[i];
            if (ip4Tail && i == count - 1) {
                byte[] v4 = parseIp4(piece, term);
                groups[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                groups[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (piece.isEmpty() || piece.length() > 4) {
                throw new SpfSyntaxException("invalid IPv6 address in '" + term + "'");
            }
            int value = 0;
            for (int j = 0; j < piece.length(); j++) {
                int digit = Character.digit(piece.charAt(j), 16);
                if (digit < 0) {
                    throw new SpfSyntaxException("invalid IPv6 address in '" + term + "'");
                }
                value = value * 16 + digit;
            }
            groups[i] = value;
        }
        return groups;
    }

    /** The first {@code prefix} bits of both addresses are equal. */
    static boolean inNetwork(byte[] address, byte[] network, int prefix) {
        if (address.length != network.length) {
            return false;
        }
        int fullBytes = prefix / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefix % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    static boolean isIp4(InetAddress address) {
        return address instanceof Inet4Address;
    }

    /** RFC 7208 §7.3 {@code %{i}}: dotted quad, or dot-separated nibbles for IPv6. */
    static String macroForm(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return address.getHostAddress();
        }
        StringBuilder out = new StringBuilder(63);
        for (byte b : bytes) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append('.').append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }

    /** The name of the PTR query for an address (RFC 1035 §3.5, RFC 3596 §2.5). */
    static String reverseName(InetAddress address) {
        byte[] bytes = address.getAddress();
        StringBuilder out = new StringBuilder(73);
        if (bytes.length == 4) {
            for (int i = 3; i >= 0; i--) {
                out.append(bytes[i] & 0xff).append('.');
            }
            return out.append("in-addr.arpa").toString();
        }
        for (int i = 15; i >= 0; i--) {
            out.append(Character.forDigit(bytes[i] & 0xf, 16)).append('.')
                    .append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append('.');
        }
        return out.append("ip6.arpa").toString();
    }

    /** RFC 5952 text (the {@code %{c}} macro): lower case, the longest run of zero groups as "::". */
    static String readableForm(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
