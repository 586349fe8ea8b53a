package org.mailpolicy.james.matchers;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mailpolicy.james.OutboundRouting;
import org.mailpolicy.routing.NextHopResolver;
import org.mailpolicy.routing.Route;

/**
 * Matches the recipients whose route in the routing table ({@code routing.table}) has one of the
 * listed names ({@code name=} on the table line). A route without a name is matched by its kind:
 * {@code direct}, {@code mx}, {@code relay}, {@code local}, {@code error}, {@code hold}. For admins
 * who want a processor of their own per route:
 *
 * <pre>{@code
 * <mailet match="org.mailpolicy.james.matchers.RouteIs=tenant" class="ToProcessor">
 *     <processor>tenant-relay</processor>
 * </mailet>
 * }</pre>
 */
public class RouteIs extends GenericMatcher {

    private final OutboundRouting routing;
    private Set<String> names;
    private NextHopResolver resolver;

    @Inject
    public RouteIs(OutboundRouting routing) {
        this.routing = routing;
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        names = condition == null ? Set.of() : Arrays.stream(condition.split(","))
                .map(String::trim)
                .filter(n -> !n.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        if (names.isEmpty()) {
            throw new MessagingException("RouteIs needs one or more route names, for example RouteIs=reputable or RouteIs=reputable,tenant");
        }
        resolver = routing.resolver();
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        String sender = mail.getMaybeSender().asOptional().map(MailAddress::asString).orElse("");
        return mail.getRecipients().stream()
                .filter(recipient -> names.contains(nameOf(resolver.resolve(recipient.asString(), sender).route())))
                .collect(Collectors.toList());
    }

    private static String nameOf(Route route) {
        return route.name().orElse(route.kind().word());
    }
}
