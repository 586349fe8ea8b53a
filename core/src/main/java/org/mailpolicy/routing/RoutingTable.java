package org.mailpolicy.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed, immutable routing table: recipient entries, sender entries and an optional default
 * route. The file format is described in ROUTING-TABLE.md beside this class.
 */
public final class RoutingTable {

    private final String source;
    private final Map<String, TableEntry> recipients;
    private final Map<String, TableEntry> senders;
    private final TableEntry defaultEntry;

    RoutingTable(String source, Map<String, TableEntry> recipients, Map<String, TableEntry> senders, TableEntry defaultEntry) {
        this.source = source;
        this.recipients = Collections.unmodifiableMap(new LinkedHashMap<>(recipients));
        this.senders = Collections.unmodifiableMap(new LinkedHashMap<>(senders));
        this.defaultEntry = defaultEntry;
    }

    /**
     * Parses a table's text.
     *
     * @param source names the table in error messages and explanations (usually its path)
     * @param secrets the credentials that {@code auth=} options refer to
     * @throws RoutingTableException listing every line that does not parse, with the accepted forms
     */
    public static RoutingTable parse(String source, String text, RouteSecrets secrets) {
        return TableParser.parse(source, text, secrets);
    }

    /** A table with no entries: every recipient gets plain MX delivery. */
    public static RoutingTable empty() {
        return new RoutingTable("(empty table)", Map.of(), Map.of(), null);
    }

    public String source() {
        return source;
    }

    /** Every distinct route of the table in file order (recipient, sender, default), for setting up one delivery queue each. */
    public List<Route> routes() {
        Set<Route> routes = new LinkedHashSet<>();
        recipients.values().forEach(e -> routes.add(e.route()));
        senders.values().forEach(e -> routes.add(e.route()));
        defaultEntry().ifPresent(e -> routes.add(e.route()));
        return Collections.unmodifiableList(new ArrayList<>(routes));
    }

    public int recipientEntries() {
        return recipients.size();
    }

    public int senderEntries() {
        return senders.size();
    }

    Optional<TableEntry> recipient(String key) {
        return Optional.ofNullable(recipients.get(key));
    }

    Optional<TableEntry> sender(String key) {
        return Optional.ofNullable(senders.get(key));
    }

    Optional<TableEntry> defaultEntry() {
        return Optional.ofNullable(defaultEntry);
    }

    @Override
    public String toString() {
        return "RoutingTable[" + source + ", " + recipients.size() + " recipient entries, " + senders.size()
                + " sender entries, default " + (defaultEntry == null ? "none" : defaultEntry.route()) + "]";
    }
}
