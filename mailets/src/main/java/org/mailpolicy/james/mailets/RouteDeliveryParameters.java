package org.mailpolicy.james.mailets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.mailpolicy.routing.RelayHost;
import org.mailpolicy.routing.Route;
import org.mailpolicy.routing.RouteKind;
import org.mailpolicy.routing.TlsPolicy;

/**
 * The init parameters of the James {@code RemoteDelivery} that delivers one SMTP route: its own
 * queue, its gateways in table order, its credentials and its TLS policy, on top of the delivery
 * settings (retries, delays, bounce processor...) the admin gave the {@code NextHopRoute} mailet.
 * Pure: no James type, so the mapping is tested on its own.
 */
final class RouteDeliveryParameters {

    /** RemoteDelivery 3.8.1 parameters that a route sets; the admin may not give them to NextHopRoute. */
    static final Set<String> SET_PER_ROUTE = Set.of("outgoing", "gateway", "gatewayPort", "gatewayUsername",
            "gatewayusername", "gatewayPassword", "startTLS", "sslEnable", "verifyServerIdentity", "bind",
            "loadBalancing", "mail.smtp.starttls.enable", "mail.smtp.starttls.required", "mail.smtp.ssl.trust",
            "mail.smtp.ssl.checkserveridentity", "mail.smtp.auth", "mail.smtp.localaddress");

    static final String GATEWAY_PASSWORD = "gatewayPassword";

    private RouteDeliveryParameters() {
    }

    /**
     * The queue of a route: {@code <prefix><name>} for a named route; an unnamed one is named by
     * its kind and a digest of its definition, so equal routes share a queue and different ones never do.
     */
    static String queueName(String prefix, Route route) {
        return prefix + route.name().orElseGet(() -> route.kind().word() + "-" + digest(route.spec()));
    }

    /**
     * The parameters for {@code route}, an SMTP route, delivering from {@code queue}.
     *
     * @param common the admin's delivery settings, already checked against {@link #SET_PER_ROUTE}
     */
    static Map<String, String> of(Route route, String queue, Map<String, String> common) {
        if (!route.kind().isSmtp()) {
            throw new IllegalArgumentException("not an SMTP route: " + route);
        }
        Map<String, String> p = new LinkedHashMap<>(common);
        p.put("outgoing", queue);
        // The relay list is a failover list: tried in the table's order, never shuffled.
        p.put("loadBalancing", "false");
        if (route.kind() == RouteKind.RELAY) {
            p.put("gateway", gateways(route.relays()));
            // RemoteDelivery 3.8.1 logs in only when it delivers through gateways.
            route.credentials().ifPresent(c -> {
                p.put("gatewayUsername", c.user());
                p.put(GATEWAY_PASSWORD, c.password());
            });
        }
        route.helo().ifPresent(h -> p.put("heloName", h));
        route.bindAddress().ifPresent(b -> p.put("bind", b));
        tls(route, p);
        return p;
    }

    /** RemoteDelivery's gateway syntax: {@code host:port}, comma-separated, in order. */
    private static String gateways(List<RelayHost> relays) {
        return relays.stream().map(r -> r.host() + ":" + r.port()).collect(Collectors.joining(","));
    }

    /**
     * ROUTING-TABLE.md "Options", tls=: JavaMail's STARTTLS switches. {@code ssl.trust=*} accepts
     * any certificate (may, encrypt); without it the JVM's trust store decides, and
     * {@code checkserveridentity} adds the RFC 6125 host name check (verify).
     * {@code starttls.required} makes the client give up rather than send in clear.
     */
    private static void tls(Route route, Map<String, String> p) {
        TlsPolicy tls = route.tls();
        boolean startTls = tls != TlsPolicy.NONE;
        boolean verify = tls == TlsPolicy.VERIFY;
        p.put("sslEnable", "false");
        p.put("startTLS", String.valueOf(startTls));
        p.put("verifyServerIdentity", String.valueOf(verify));
        if (tls == TlsPolicy.ENCRYPT || verify) {
            p.put("mail.smtp.starttls.required", "true");
        }
        if (startTls && !verify) {
            p.put("mail.smtp.ssl.trust", "*");
        }
    }

    private static String digest(String spec) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(spec.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                hex.append(String.format("%02x", hash[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
