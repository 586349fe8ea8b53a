package org.mailpolicy.james.mailets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.transport.mailets.RemoteDelivery;
import org.apache.james.transport.mailets.remote.delivery.Bouncer;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.mailpolicy.james.OutboundRouting;
import org.mailpolicy.routing.NextHopResolver;
import org.mailpolicy.routing.Route;
import org.mailpolicy.routing.RouteDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes outbound mail by the routing table ({@code routing.table} in mailpolicy.properties, format
 * in the core's ROUTING-TABLE.md): each recipient's route is looked up, a mail whose recipients
 * take different routes is split, and each part goes where its route says. SMTP routes are
 * delivered by James's own RemoteDelivery (retries, delays, bounces, DSN), one instance and one
 * queue ({@code outgoingPrefix} + route name) per route, generated from the table.
 *
 * <pre>{@code
 * <mailet match="All" class="org.mailpolicy.james.mailets.NextHopRoute">
 *     <delayTime>5000, 100000, 500000</delayTime>
 *     <maxRetries>3</maxRetries>
 *     <bounceProcessor>bounces</bounceProcessor>
 * </mailet>
 * }</pre>
 */
public class NextHopRoute extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(NextHopRoute.class);

    static final String OUTGOING_PREFIX = "outgoingPrefix";
    static final String LOCAL_PROCESSOR = "localProcessor";
    static final String BOUNCE_PROCESSOR = "bounceProcessor";
    static final String HOLD_REPOSITORY_PREFIX = "holdRepositoryPrefix";
    private static final Set<String> OWN = Set.of(OUTGOING_PREFIX, LOCAL_PROCESSOR, HOLD_REPOSITORY_PREFIX);

    private final OutboundRouting routing;
    private final Function<DNSService, Mailet> newRemoteDelivery;
    private final DNSService dns;
    private final MailRepositoryStore repositories;
    private NextHopResolver resolver;
    private RouteDeliveries deliveries;
    private String localProcessor;
    private String bounceProcessor;
    private String holdRepositoryPrefix;

    @Inject
    public NextHopRoute(OutboundRouting routing, DNSService dns, DomainList domainList, MailQueueFactory<?> queueFactory,
            MetricFactory metricFactory, MailRepositoryStore repositories) {
        this(routing, routeDns -> new RemoteDelivery(routeDns, domainList, queueFactory, metricFactory), dns, repositories);
    }

    NextHopRoute(OutboundRouting routing, Function<DNSService, Mailet> newRemoteDelivery, DNSService dns,
            MailRepositoryStore repositories) {
        this.routing = routing;
        this.newRemoteDelivery = newRemoteDelivery;
        this.dns = dns;
        this.repositories = repositories;
    }

    @Override
    public void init() throws MessagingException {
        localProcessor = getInitParameter(LOCAL_PROCESSOR, "local-delivery").trim();
        bounceProcessor = getInitParameter(BOUNCE_PROCESSOR, "bounces").trim();
        holdRepositoryPrefix = getInitParameter(HOLD_REPOSITORY_PREFIX, "memory://var/mail/").trim();
        Map<String, String> common = new LinkedHashMap<>();
        for (Iterator<String> names = getInitParameterNames(); names.hasNext(); ) {
            String name = names.next();
            if (RouteDeliveryParameters.SET_PER_ROUTE.contains(name)) {
                throw new MessagingException("NextHopRoute: <" + name + "> is set per route by the routing table"
                        + " (relays, auth=, tls=, helo=, bind=, name=); remove it from the mailet");
            }
            if (!OWN.contains(name)) {
                common.put(name, getInitParameter(name));
            }
        }
        common.put(BOUNCE_PROCESSOR, bounceProcessor);
        resolver = routing.resolver();
        String queuePrefix = getInitParameter(OUTGOING_PREFIX, "outgoing-route-").trim();
        deliveries = new RouteDeliveries(newRemoteDelivery, dns, getMailetContext(), queuePrefix, common);
        // Start every SMTP route of the table now, so that mail left in their queues by an earlier run leaves again.
        for (Route route : routing.routes()) {
            if (route.kind().isSmtp()) {
                deliveries.forRoute(route);
            }
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String sender = mail.getMaybeSender().asOptional().map(MailAddress::asString).orElse("");
        Map<Route, List<MailAddress>> byRoute = new LinkedHashMap<>();
        for (MailAddress recipient : mail.getRecipients()) {
            RouteDecision decision = resolver.resolve(recipient.asString(), sender);
            LOGGER.debug("Mail {}: {}", mail.getName(), decision.explanation());
            byRoute.computeIfAbsent(decision.route(), r -> new ArrayList<>()).add(recipient);
        }
        for (Map.Entry<Route, List<MailAddress>> part : byRoute.entrySet()) {
            Mail copy = mail.duplicate();
            try {
                copy.setName(byRoute.size() > 1
                        ? mail.getName() + "-" + RouteDeliveryParameters.queueName("route-", part.getKey())
                        : mail.getName());
                copy.setRecipients(part.getValue());
                LOGGER.info("Mail {} for {} takes route `{}`", copy.getName(), part.getValue(), part.getKey());
                deliver(copy, part.getKey());
            } finally {
                LifecycleUtil.dispose(copy);
            }
        }
        mail.setState(Mail.GHOST);
    }

    private void deliver(Mail mail, Route route) throws MessagingException {
        switch (route.kind()) {
            case DIRECT:
            case MX:
            case RELAY:
                Mailet delivery = deliveries.forRoute(route);
                delivery.service(mail);
                break;
            case LOCAL:
                getMailetContext().sendMail(mail, localProcessor);
                break;
            case REFUSE:
                // As RemoteDelivery's Bouncer does: DSNBounce reads the status and text from delivery-error.
                String error = route.refuseStatus().orElseThrow() + " " + route.refuseText().orElse("");
                mail.setErrorMessage(error);
                mail.setAttribute(new Attribute(Bouncer.DELIVERY_ERROR, AttributeValue.of(error)));
                getMailetContext().sendMail(mail, bounceProcessor);
                break;
            case HOLD:
                hold(mail, holdRepository(route.holdRepository().orElseThrow()));
                break;
            default:
                throw new MessagingException("NextHopRoute: unknown route kind " + route.kind());
        }
    }

    private void hold(Mail mail, String repository) throws MessagingException {
        try {
            repositories.select(MailRepositoryUrl.from(repository)).store(mail);
        } catch (MailRepositoryStore.MailRepositoryStoreException e) {
            throw new MessagingException("NextHopRoute: cannot open the hold repository " + repository, e);
        }
    }

    /** {@code hold:NAME} keeps mail in {@code holdRepositoryPrefix + NAME/}; a full URL is taken as it is. */
    private String holdRepository(String name) {
        return name.contains("://") ? name : holdRepositoryPrefix + name + "/";
    }

    @Override
    public void destroy() {
        if (deliveries != null) {
            deliveries.destroy();
        }
    }

    /** The queues of the routes started so far. */
    Collection<String> queues() {
        return deliveries.queues();
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return List.of(new ProcessingState(localProcessor), new ProcessingState(bounceProcessor));
    }

    @Override
    public String getMailetInfo() {
        return "MailPolicy NextHopRoute";
    }
}
