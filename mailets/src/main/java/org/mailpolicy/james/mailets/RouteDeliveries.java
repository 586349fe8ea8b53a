package org.mailpolicy.james.mailets;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.mailet.Mailet;
import org.apache.mailet.MailetContext;
import org.mailpolicy.routing.RelayHost;
import org.mailpolicy.routing.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One James RemoteDelivery per SMTP route, each on a queue of its own, created from the routing
 * table when a route is first needed. A route whose definition changes under the same queue name
 * (a reload changed its relays, TLS or password) gets a new RemoteDelivery on the same queue:
 * the mail already queued leaves by the new definition. The RemoteDelivery of a route that left
 * the table keeps running, so the mail in its queue is still delivered (or bounced) as James
 * always does; it stops with James.
 */
final class RouteDeliveries {

    private static final Logger LOG = LoggerFactory.getLogger(RouteDeliveries.class);

    private final Function<DNSService, Mailet> newRemoteDelivery;
    private final DNSService dns;
    private final MailetContext context;
    private final String queuePrefix;
    private final Map<String, String> common;
    private final Map<String, Delivery> byQueue = new ConcurrentHashMap<>();

    /**
     * @param newRemoteDelivery makes an uninitialised RemoteDelivery that asks the given DNSService
     * @param common the admin's delivery settings given to every route's RemoteDelivery
     */
    RouteDeliveries(Function<DNSService, Mailet> newRemoteDelivery, DNSService dns, MailetContext context,
            String queuePrefix, Map<String, String> common) {
        this.newRemoteDelivery = newRemoteDelivery;
        this.dns = dns;
        this.context = context;
        this.queuePrefix = queuePrefix;
        this.common = Map.copyOf(common);
    }

    /** The RemoteDelivery of an SMTP route, started now if the route is new or changed. */
    Mailet forRoute(Route route) throws MessagingException {
        String queue = RouteDeliveryParameters.queueName(queuePrefix, route);
        Delivery current = byQueue.get(queue);
        if (current != null && current.route.equals(route)) {
            return current.mailet;
        }
        synchronized (this) {
            current = byQueue.get(queue);
            if (current != null && current.route.equals(route)) {
                return current.mailet;
            }
            // Start the new one first: it takes a reference on the queue, so closing the old one
            // does not let the queue (and the mail in it) go.
            Mailet fresh = start(route, queue);
            byQueue.put(queue, new Delivery(route, fresh));
            if (current != null) {
                current.mailet.destroy();
                LOG.info("Route for queue {} changed from `{}` to `{}`: queued mail leaves by the new definition",
                        queue, current.route, route);
            }
            return fresh;
        }
    }

    /** The queues in use, for logs and tests. */
    Set<String> queues() {
        return Set.copyOf(byQueue.keySet());
    }

    /** Stops every RemoteDelivery (James is stopping); their queues keep what they hold. */
    synchronized void destroy() {
        byQueue.values().forEach(d -> d.mailet.destroy());
        byQueue.clear();
    }

    private Mailet start(Route route, String queue) throws MessagingException {
        Set<String> mxRelays = route.relays().stream().filter(RelayHost::mxLookup).map(RelayHost::host).collect(Collectors.toSet());
        Mailet mailet = newRemoteDelivery.apply(new RouteDnsService(dns, route.mxDomain(), mxRelays));
        String name = "RemoteDelivery-" + queue;
        mailet.init(new RouteMailetConfig(name, RouteDeliveryParameters.of(route, queue, common), context));
        LOG.info("Route `{}` delivers through James RemoteDelivery from queue {}", route, queue);
        return mailet;
    }

    private static final class Delivery {
        private final Route route;
        private final Mailet mailet;

        Delivery(Route route, Mailet mailet) {
            this.route = route;
            this.mailet = mailet;
        }
    }
}
