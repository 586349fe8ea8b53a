package org.mailpolicy.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Chooses the next hop of a recipient with Postfix semantics. Precedence: the recipient table
 * (transport_maps), then the sender-dependent route (sender_dependent_relayhost_maps), then the
 * default route (relayhost), then plain MX delivery. Never throws for an odd address: every
 * address gets a decision and an explanation.
 */
public final class NextHopResolver {

    /** Postfix's recipient_delimiter as most sites set it. */
    public static final String DEFAULT_RECIPIENT_DELIMITER = "+";

    private final Supplier<RoutingTable> table;
    private final String delimiters;

    private NextHopResolver(Supplier<RoutingTable> table, String delimiters) {
        this.table = table;
        this.delimiters = delimiters;
    }

    /** Resolves against one fixed table. */
    public static NextHopResolver of(RoutingTable table) {
        Objects.requireNonNull(table, "table");
        return new NextHopResolver(() -> table, DEFAULT_RECIPIENT_DELIMITER);
    }

    /** Resolves against the table a source holds at each call, so reloads take effect at the next recipient. */
    public static NextHopResolver of(RoutingTableSource source) {
        Objects.requireNonNull(source, "source");
        return new NextHopResolver(source::current, DEFAULT_RECIPIENT_DELIMITER);
    }

    /**
     * A resolver that splits {@code user+ext} at any one of these characters (Postfix
     * recipient_delimiter); the empty string turns extension lookups off.
     *
     * @throws IllegalArgumentException when the delimiters hold {@code @} or white space
     */
    public NextHopResolver withRecipientDelimiter(String delimiters) {
        Objects.requireNonNull(delimiters, "delimiters");
        if (delimiters.chars().anyMatch(c -> c == '@' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("recipient delimiter `" + delimiters
                    + "`: accepted values are characters other than @ and white space (for example + or +-), or empty for none");
        }
        return new NextHopResolver(table, delimiters);
    }

    /** The route for a recipient when the sender is unknown: sender entries are not consulted. */
    public RouteDecision resolve(String recipient) {
        return decide(recipient, null);
    }

    /** The route for a recipient of a mail from {@code sender}; {@code ""} or {@code <>} is the null sender. */
    public RouteDecision resolve(String recipient, String sender) {
        return decide(recipient, Objects.requireNonNull(sender, "sender"));
    }

    private RouteDecision decide(String recipient, String sender) {
        Objects.requireNonNull(recipient, "recipient");
        RoutingTable t = table.get();
        List<String> recipientTried = new ArrayList<>();
        Optional<TableEntry> byRecipient = first(LookupKeys.recipient(recipient, delimiters), t::recipient, recipientTried);
        StringBuilder why = new StringBuilder();
        if (byRecipient.isPresent()) {
            TableEntry e = byRecipient.get();
            why.append("recipient ").append(recipient).append(" matched ").append(at(e, "[recipient]", t));
            if (e.key().equals(KeyParser.WILDCARD)) {
                why.append("; the * entry comes before sender entries and the default route");
            }
            return decision(recipient, sender, e.route(), RouteDecision.Origin.RECIPIENT_ENTRY, t, e, recipientTried, List.of(), why);
        }
        why.append("no [recipient] entry for ").append(recipient).append(" (tried ").append(String.join(", ", recipientTried)).append(')');
        List<String> senderTried = new ArrayList<>();
        if (sender == null) {
            why.append("; no sender given, so [sender] was not consulted");
        } else {
            Optional<TableEntry> bySender = first(LookupKeys.sender(sender), t::sender, senderTried);
            String shown = sender.isEmpty() ? KeyParser.NULL_SENDER : sender;
            if (bySender.isPresent()) {
                TableEntry e = bySender.get();
                why.append("; sender ").append(shown).append(" matched ").append(at(e, "[sender]", t));
                return decision(recipient, sender, e.route(), RouteDecision.Origin.SENDER_ENTRY, t, e, recipientTried, senderTried, why);
            }
            why.append("; no [sender] entry for ").append(shown).append(senderTried.isEmpty()
                    ? " (it has no domain)" : " (tried " + String.join(", ", senderTried) + ")");
        }
        Optional<TableEntry> byDefault = t.defaultEntry();
        if (byDefault.isPresent()) {
            TableEntry e = byDefault.get();
            why.append("; the [default] route on line ").append(e.line()).append(" of ").append(t.source()).append(" applies");
            return decision(recipient, sender, e.route(), RouteDecision.Origin.DEFAULT_ROUTE, t, e, recipientTried, senderTried, why);
        }
        why.append("; no [default] route, so the mail goes to the MX hosts of the recipient's domain");
        return decision(recipient, sender, Route.direct(), RouteDecision.Origin.BUILT_IN, t, null, recipientTried, senderTried, why);
    }

    private static Optional<TableEntry> first(List<String> keys, Function<String, Optional<TableEntry>> lookup,
            List<String> tried) {
        for (String key : keys) {
            tried.add(key);
            Optional<TableEntry> entry = lookup.apply(key);
            if (entry.isPresent()) {
                return entry;
            }
        }
        return Optional.empty();
    }

    private static String at(TableEntry e, String section, RoutingTable t) {
        return "`" + e.key() + "` in " + section + " on line " + e.line() + " of " + t.source();
    }

    private static RouteDecision decision(String recipient, String sender, Route route, RouteDecision.Origin origin,
            RoutingTable t, TableEntry entry, List<String> recipientTried, List<String> senderTried, StringBuilder why) {
        why.append(": ").append(route);
        return new RouteDecision(recipient, sender, route, origin, t.source(), entry, recipientTried, senderTried, why.toString());
    }
}
