package org.mailpolicy.routing;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mailpolicy.net.IpLiteral;

/** Parses the route and options of one table line: {@code route-spec [option=value ...]}. */
final class RouteParser {

    static final String ROUTE_FORMS = "direct, mx:DOMAIN, relay:[HOST]:PORT[, [HOST2]:PORT ...], local, error:[5.X.Y] TEXT, hold[:REPOSITORY]";
    private static final String OPTION_FORMS = "name=NAME, auth=SECRET, tls=none|may|encrypt|verify, helo=HOSTNAME, bind=IP";
    private static final Pattern OPTION = Pattern.compile("([A-Za-z][A-Za-z0-9_-]*)=(.*)");
    // RFC 3463 §2: class "." subject "." detail
    private static final Pattern STATUS = Pattern.compile("([245])\\.([0-9]{1,3})\\.([0-9]{1,3})(?:\\s+(.*))?");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final int MAX_PORT = 65535;

    private RouteParser() {
    }

    static Route parse(List<String> tokens, RouteSecrets secrets) throws LineError {
        int end = tokens.size();
        Map<String, String> options = new LinkedHashMap<>();
        while (end > 0) {
            Matcher m = OPTION.matcher(tokens.get(end - 1));
            if (!m.matches()) {
                break;
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            if (options.put(key, m.group(2)) != null) {
                throw new LineError("option " + key + "= is given twice");
            }
            end--;
        }
        if (end == 0) {
            throw new LineError("missing route; accepted: " + ROUTE_FORMS);
        }
        Route.Builder route = spec(String.join(" ", tokens.subList(0, end)));
        for (Map.Entry<String, String> option : options.entrySet()) {
            applyOption(route, option.getKey(), option.getValue(), secrets);
        }
        Route built = route.build();
        if (built.credentials().isPresent() && built.tls() == TlsPolicy.NONE) {
            throw new LineError("auth= with tls=none would send the password in clear; use tls=may, encrypt or verify");
        }
        return built;
    }

    private static Route.Builder spec(String spec) throws LineError {
        int colon = spec.indexOf(':');
        String word = (colon < 0 ? spec : spec.substring(0, colon)).toLowerCase(Locale.ROOT);
        String argument = colon < 0 ? null : spec.substring(colon + 1).trim();
        switch (word) {
            case "direct":
                noArgument(word, argument, "; for the MX hosts of another domain write mx:DOMAIN");
                return Route.builder(RouteKind.DIRECT);
            case "local":
                noArgument(word, argument, "");
                return Route.builder(RouteKind.LOCAL);
            case "mx":
                if (argument == null || argument.isEmpty()) {
                    throw new LineError("mx: needs a domain whose MX hosts receive the mail, e.g. mx:example.net");
                }
                return Route.builder(RouteKind.MX).mxDomain(DomainNames.strict(argument));
            case "relay":
                return relays(argument);
            case "error":
                return refuse(argument);
            case "hold":
                return hold(argument);
            default:
                throw new LineError("unknown route `" + spec + "`; accepted: " + ROUTE_FORMS);
        }
    }

    private static void noArgument(String word, String argument, String hint) throws LineError {
        if (argument != null) {
            throw new LineError(word + " takes no argument" + hint);
        }
    }

    private static Route.Builder relays(String argument) throws LineError {
        if (argument == null || argument.isEmpty()) {
            throw new LineError("relay: needs at least one host, e.g. relay:[smtp.example.net]:587, [backup.example.net]:587");
        }
        Route.Builder route = Route.builder(RouteKind.RELAY);
        for (String hop : argument.split(",", -1)) {
            route.relay(relayHost(hop.trim()));
        }
        return route;
    }

    /** Postfix relayhost syntax: {@code [host]:port} skips the MX lookup, {@code host:port} does it. */
    private static RelayHost relayHost(String hop) throws LineError {
        if (hop.isEmpty()) {
            throw new LineError("empty host in relay list; separate hosts with one comma: [a.example]:587, [b.example]:587");
        }
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            if (close < 0) {
                throw new LineError("`" + hop + "` has no closing ]; accepted: [HOST], [HOST]:PORT, [IP]:PORT, HOST, HOST:PORT");
            }
            String inside = hop.substring(1, close);
            String host = inside.regionMatches(true, 0, "ipv6:", 0, 5) ? inside.substring(5) : inside;
            host = IpLiteral.parseAddress(host).isPresent() ? host.toLowerCase(Locale.ROOT) : DomainNames.strict(host);
            return new RelayHost(host, port(hop, hop.substring(close + 1)), false);
        }
        int colon = hop.indexOf(':');
        if (colon >= 0 && hop.indexOf(':', colon + 1) >= 0) {
            throw new LineError("`" + hop + "`: write IPv6 addresses in brackets, e.g. [2001:db8::1]:25");
        }
        String host = colon < 0 ? hop : hop.substring(0, colon);
        if (IpLiteral.parseAddress(host).filter(Inet4Address.class::isInstance).isPresent()) {
            throw new LineError("`" + hop + "`: write an IP address in brackets, e.g. [" + host + "]; without brackets the name's MX hosts are used");
        }
        return new RelayHost(DomainNames.strict(host), colon < 0 ? RelayHost.SMTP_PORT : port(hop, hop.substring(colon)), true);
    }

    /** {@code rest} is what follows the host: empty, or {@code :PORT}. */
    private static int port(String hop, String rest) throws LineError {
        if (rest.isEmpty()) {
            return RelayHost.SMTP_PORT;
        }
        String digits = rest.substring(1);
        if (rest.charAt(0) != ':' || !PORT.matcher(digits).matches()
                || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > MAX_PORT) {
            throw new LineError("`" + hop + "`: the port must be `:` and a number from 1 to " + MAX_PORT);
        }
        return Integer.parseInt(digits);
    }

    private static Route.Builder refuse(String argument) throws LineError {
        if (argument == null || argument.isEmpty()) {
            throw new LineError("error: needs the text of the bounce, e.g. error:5.7.1 Mail to this domain is not accepted");
        }
        Matcher status = STATUS.matcher(argument);
        if (!status.matches()) {
            return Route.builder(RouteKind.REFUSE).refuse(Route.DEFAULT_REFUSE_STATUS, argument);
        }
        if (!"5".equals(status.group(1))) {
            throw new LineError("error: bounces, so its status code must be 5.X.Y (RFC 3463), not " + status.group(1) + ".X.Y; to keep mail, use hold");
        }
        if (status.group(4) == null || status.group(4).isEmpty()) {
            throw new LineError("error: needs a text after the status code, e.g. error:5.7.1 Mail to this domain is not accepted");
        }
        String code = status.group(1) + "." + Integer.parseInt(status.group(2)) + "." + Integer.parseInt(status.group(3));
        return Route.builder(RouteKind.REFUSE).refuse(code, status.group(4));
    }

    private static Route.Builder hold(String argument) throws LineError {
        if (argument == null) {
            return Route.builder(RouteKind.HOLD).holdRepository(Route.DEFAULT_HOLD_REPOSITORY);
        }
        if (argument.isEmpty() || argument.chars().anyMatch(Character::isWhitespace)) {
            throw new LineError("hold: takes one repository name or URL without spaces, e.g. hold:memory://var/mail/hold/");
        }
        return Route.builder(RouteKind.HOLD).holdRepository(argument);
    }

    private static void applyOption(Route.Builder route, String key, String value, RouteSecrets secrets) throws LineError {
        if (!"name".equals(key) && !route.kind().isSmtp() && isKnown(key)) {
            throw new LineError(key + "= applies to SMTP routes (direct, mx:, relay:), not to " + route.kind().word());
        }
        switch (key) {
            case "name":
                route.name(name(key, value));
                break;
            case "auth":
                String secret = name(key, value);
                route.credentials(secrets.get(secret).orElseThrow(() -> new LineError(
                        "auth=" + secret + ": no secret named `" + secret + "` in " + secrets.source())));
                break;
            case "tls":
                route.tls(TlsPolicy.fromWord(value.toLowerCase(Locale.ROOT)).orElseThrow(() -> new LineError(
                        "tls=" + value + " is not a TLS policy; accepted: none, may, encrypt, verify")));
                break;
            case "helo":
                route.helo(DomainNames.strict(value));
                break;
            case "bind":
                if (IpLiteral.parseAddress(value).isEmpty()) {
                    throw new LineError("bind=" + value + " is not an IP address; accepted: an IPv4 or IPv6 address, e.g. bind=192.0.2.10");
                }
                route.bindAddress(value.toLowerCase(Locale.ROOT));
                break;
            default:
                throw new LineError("unknown option `" + key + "=`; accepted: " + OPTION_FORMS);
        }
    }

    private static boolean isKnown(String key) {
        return List.of("auth", "tls", "helo", "bind").contains(key);
    }

    private static String name(String key, String value) throws LineError {
        if (!RouteSecrets.NAME.matcher(value).matches()) {
            throw new LineError(key + "=" + value + ": a name is 1 to 64 letters, digits, `.`, `_` or `-`, starting with a letter or digit");
        }
        return value;
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        for (String t : text.trim().split("\\s+")) {
            if (!t.isEmpty()) {
                tokens.add(t);
            }
        }
        return tokens;
    }
}
