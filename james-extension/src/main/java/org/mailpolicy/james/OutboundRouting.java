package org.mailpolicy.james;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.apache.commons.configuration2.Configuration;
import org.mailpolicy.routing.NextHopResolver;
import org.mailpolicy.routing.Route;
import org.mailpolicy.routing.RoutingTable;
import org.mailpolicy.routing.RoutingTableSource;

/**
 * The {@code routing.*} settings of {@code conf/mailpolicy.properties} and the routing table they
 * name, shared by the {@code NextHopRoute} mailet, the {@code RouteIs} matcher and the WebAdmin
 * explain route. The table is opened at the first use, so a James without routing keys starts as
 * before; a table that does not load then fails that first use (the mailet's {@code init()}, so the start).
 */
public final class OutboundRouting {

    static final String TABLE = "routing.table";
    static final String SECRETS = "routing.secrets";
    static final String RECIPIENT_DELIMITER = "routing.recipientDelimiter";

    private final Optional<String> table;
    private final Optional<String> secrets;
    private final String recipientDelimiter;
    private final PathResolver paths;
    private volatile RoutingTableSource source;
    private volatile NextHopResolver resolver;

    private OutboundRouting(Optional<String> table, Optional<String> secrets, String recipientDelimiter,
            PathResolver paths) {
        this.table = table;
        this.secrets = secrets;
        this.recipientDelimiter = recipientDelimiter;
        this.paths = paths;
    }

    /** Reads the keys; {@code paths} resolves James's {@code file://conf/} names to files. */
    public static OutboundRouting from(Configuration configuration, PathResolver paths) {
        Optional<String> table = nonEmpty(configuration.getString(TABLE, ""));
        Optional<String> secrets = nonEmpty(configuration.getString(SECRETS, ""));
        if (secrets.isPresent() && table.isEmpty()) {
            throw MailPolicyConfiguration.invalid(SECRETS, secrets.get(), "a secrets file only together with " + TABLE);
        }
        // James reads properties with ',' as a list separator: join the parts back.
        String delimiter = configuration.containsKey(RECIPIENT_DELIMITER)
                ? String.join(",", configuration.getStringArray(RECIPIENT_DELIMITER)).trim()
                : NextHopResolver.DEFAULT_RECIPIENT_DELIMITER;
        try {
            NextHopResolver.of(RoutingTable.empty()).withRecipientDelimiter(delimiter);
        } catch (IllegalArgumentException e) {
            throw MailPolicyConfiguration.invalid(RECIPIENT_DELIMITER, delimiter, e.getMessage());
        }
        return new OutboundRouting(table, secrets, delimiter, paths);
    }

    /** Whether {@code routing.table} is set. */
    public boolean configured() {
        return table.isPresent();
    }

    /**
     * The resolver over the table in force (re-read when the file changes).
     *
     * @throws IllegalStateException when {@code routing.table} is not set
     * @throws org.mailpolicy.routing.RoutingTableException when the table cannot be loaded at the first use
     */
    public NextHopResolver resolver() {
        NextHopResolver current = resolver;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (resolver == null) {
                String name = table.orElseThrow(() -> new IllegalStateException(MailPolicyConfiguration.FILE + ": "
                        + TABLE + " is not set; name the routing table file, e.g. " + TABLE + "=file://conf/routes.conf"));
                source = RoutingTableSource.open(path(name), secrets.map(this::path));
                resolver = NextHopResolver.of(source).withRecipientDelimiter(recipientDelimiter);
            }
            return resolver;
        }
    }

    /** Every distinct route of the table in force (reloaded first if the file changed). */
    public List<Route> routes() {
        resolver();
        return source.current().routes();
    }

    /** James's FileSystem knows {@code file://conf/...}; it would read a bare path as a class path resource. */
    private Path path(String name) {
        if (!name.startsWith("file:")) {
            return Path.of(name);
        }
        try {
            return paths.file(name).toPath();
        } catch (IOException e) {
            throw new IllegalStateException(MailPolicyConfiguration.FILE + ": cannot resolve " + name + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> nonEmpty(String value) {
        return Optional.of(value.trim()).filter(v -> !v.isEmpty());
    }
}
