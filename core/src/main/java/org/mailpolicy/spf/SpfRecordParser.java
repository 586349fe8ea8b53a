package org.mailpolicy.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses an RFC 7208 §4.6.1 record; any syntax error anywhere makes the whole record a permerror. */
final class SpfRecordParser {

    private SpfRecordParser() {
    }

    /** RFC 7208 §4.5: a record is "v=spf1" alone or followed by a space, case-insensitively. */
    static boolean isSpfRecord(String txt) {
        return txt.regionMatches(true, 0, "v=spf1", 0, 6) && (txt.length() == 6 || txt.charAt(6) == ' ');
    }

    static SpfRecord parse(String record) throws SpfSyntaxException {
        if (!isSpfRecord(record)) {
            throw new SpfSyntaxException("not an SPF record");
        }
        List<Directive> directives = new ArrayList<>();
        MacroString redirect = null;
        MacroString explanation = null;
        int i = 6;
        int length = record.length();
        while (i < length) {
            if (record.charAt(i) != ' ') {
                throw new SpfSyntaxException("terms must be separated by spaces");
            }
            while (i < length && record.charAt(i) == ' ') {
                i++;
            }
            int end = record.indexOf(' ', i);
            if (end < 0) {
                end = length;
            }
            if (end == i) {
                break;
            }
            String term = record.substring(i, end);
            i = end;
            int nameEnd = modifierNameEnd(term);
            if (nameEnd > 0) {
                String name = term.substring(0, nameEnd).toLowerCase(Locale.ROOT);
                String value = term.substring(nameEnd + 1);
                if (name.equals("redirect")) {
                    if (redirect != null) {
                        throw new SpfSyntaxException("more than one redirect= modifier");
                    }
                    redirect = MacroString.parseDomainSpec(value);
                } else if (name.equals("exp")) {
                    if (explanation != null) {
                        throw new SpfSyntaxException("more than one exp= modifier");
                    }
                    explanation = MacroString.parseDomainSpec(value);
                } else {
                    // RFC 7208 §6: unknown modifiers are ignored, but must still be well-formed
                    MacroString.parse(value, false);
                }
            } else {
                directives.add(directive(term));
            }
        }
        return new SpfRecord(directives, redirect, explanation);
    }

    /** The index of '=' when the term is a modifier (name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )), else -1. */
    private static int modifierNameEnd(String term) {
        char first = term.charAt(0);
        if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
            return -1;
        }
        for (int i = 1; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c == '=') {
                return i;
            }
            boolean nameChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!nameChar) {
                return -1;
            }
        }
        return -1;
    }

    private static Directive directive(String term) throws SpfSyntaxException {
        SpfResultCode qualifier = SpfResultCode.PASS;
        int start = 0;
        switch (term.charAt(0)) {
            case '+':
                start = 1;
                break;
            case '-':
                qualifier = SpfResultCode.FAIL;
                start = 1;
                break;
            case '~':
                qualifier = SpfResultCode.SOFTFAIL;
                start = 1;
                break;
            case '?':
                qualifier = SpfResultCode.NEUTRAL;
                start = 1;
                break;
            default:
                break;
        }
        int nameEnd = start;
        while (nameEnd < term.length() && term.charAt(nameEnd) != ':' && term.charAt(nameEnd) != '/') {
            nameEnd++;
        }
        String name = term.substring(start, nameEnd).toLowerCase(Locale.ROOT);
        String rest = term.substring(nameEnd);
        switch (name) {
            case "all":
                requireEmpty(rest, term);
                return new Directive(qualifier, Mechanism.ALL, null, null, 32, 128, term);
            case "include":
                return new Directive(qualifier, Mechanism.INCLUDE, requiredDomainSpec(rest, term), null, 32, 128, term);
            case "exists":
                return new Directive(qualifier, Mechanism.EXISTS, requiredDomainSpec(rest, term), null, 32, 128, term);
            case "ptr":
                return new Directive(qualifier, Mechanism.PTR, optionalDomainSpec(rest, term), null, 32, 128, term);
            case "a":
            case "mx":
                return hostMechanism(qualifier, name.equals("a") ? Mechanism.A : Mechanism.MX, rest, term);
            case "ip4":
                return ip4(qualifier, rest, term);
            case "ip6":
                return ip6(qualifier, rest, term);
            default:
                throw new SpfSyntaxException("unknown mechanism '" + term + "'");
        }
    }

    private static void requireEmpty(String rest, String term) throws SpfSyntaxException {
        if (!rest.isEmpty()) {
            throw new SpfSyntaxException("'" + term + "' takes no argument");
        }
    }

    private static MacroString requiredDomainSpec(String rest, String term) throws SpfSyntaxException {
        if (!rest.startsWith(":") || rest.length() == 1) {
            throw new SpfSyntaxException("'" + term + "' needs a domain");
        }
        return MacroString.parseDomainSpec(rest.substring(1));
    }

    private static MacroString optionalDomainSpec(String rest, String term) throws SpfSyntaxException {
        if (rest.isEmpty()) {
            return null;
        }
        return requiredDomainSpec(rest, term);
    }

    /** a and mx: [ ":" domain-spec ] [ dual-cidr-length ] (RFC 7208 §5.3, §5.4). */
    private static Directive hostMechanism(SpfResultCode qualifier, Mechanism mechanism, String rest, String term)
            throws SpfSyntaxException {
        String spec = rest;
        String cidrs = "";
        if (rest.startsWith(":")) {
            // the CIDR suffix starts at the first "/" that is followed by digits to the end
            int slash = dualCidrStart(rest);
            spec = rest.substring(0, slash);
            cidrs = rest.substring(slash);
        } else {
            cidrs = rest;
            spec = "";
        }
        MacroString domainSpec = spec.isEmpty() ? null : requiredDomainSpec(spec, term);
        int cidr4 = 32;
        int cidr6 = 128;
        if (!cidrs.isEmpty()) {
            String v4 = cidrs;
            String v6 = null;
            int doubleSlash = cidrs.indexOf("//");
            if (doubleSlash >= 0) {
                v4 = cidrs.substring(0, doubleSlash);
                v6 = cidrs.substring(doubleSlash + 1);
            }
            if (!v4.isEmpty()) {
                cidr4 = cidrLength(v4, 32, term);
            }
            if (v6 != null) {
                cidr6 = cidrLength(v6, 128, term);
            }
        }
        return new Directive(qualifier, mechanism, domainSpec, null, cidr4, cidr6, term);
    }

    private static int dualCidrStart(String rest) {
        int candidate = rest.length();
        for (int i = rest.length() - 1; i > 0; i--) {
            char c = rest.charAt(i);
            if (c == '/') {
                candidate = i;
            } else if (c < '0' || c > '9') {
                break;
            }
        }
        return candidate;
    }

    /** ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT); ip6-cidr-length = "/" ("0" / %x31-39 0*2DIGIT). */
    private static int cidrLength(String text, int max, String term) throws SpfSyntaxException {
        int maxDigits = max == 32 ? 2 : 3;
        if (text.length() < 2 || text.charAt(0) != '/' || text.length() - 1 > maxDigits
                || (text.length() > 2 && text.charAt(1) == '0')) {
            throw new SpfSyntaxException("invalid CIDR length in '" + term + "'");
        }
        int value = 0;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new SpfSyntaxException("invalid CIDR length in '" + term + "'");
            }
            value = value * 10 + (c - '0');
        }
        if (value > max) {
            throw new SpfSyntaxException("CIDR length over " + max + " in '" + term + "'");
        }
        return value;
    }

    private static Directive ip4(SpfResultCode qualifier, String rest, String term) throws SpfSyntaxException {
        if (!rest.startsWith(":")) {
            throw new SpfSyntaxException("'" + term + "' needs an address");
        }
        String value = rest.substring(1);
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        int cidr = slash < 0 ? 32 : cidrLength(value.substring(slash), 32, term);
        return new Directive(qualifier, Mechanism.IP4, null, IpAddresses.parseIp4(address, term), cidr, 128, term);
    }

    private static Directive ip6(SpfResultCode qualifier, String rest, String term) throws SpfSyntaxException {
        if (!rest.startsWith(":")) {
            throw new SpfSyntaxException("'" + term + "' needs an address");
        }
        String value = rest.substring(1);
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        int cidr = slash < 0 ? 128 : cidrLength(value.substring(slash), 128, term);
        return new Directive(qualifier, Mechanism.IP6, null, IpAddresses.parseIp6(address, term), 32, cidr, term);
    }
}
