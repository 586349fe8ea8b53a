package org.mailpolicy.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.mailpolicy.reload.ReloadingFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing table file (and its secrets file) as currently in force: each {@link #current()}
 * compares the files' modification time and size with those last read and reloads on a change. A
 * changed file that does not parse leaves the previous table in force; the failure, with its line
 * numbers and reasons, is logged once and kept in {@link #lastFailure()}.
 */
public final class RoutingTableSource {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingTableSource.class);

    private final ReloadingFiles<RoutingTable> table;

    private RoutingTableSource(ReloadingFiles<RoutingTable> table) {
        this.table = table;
    }

    /**
     * Loads a table without a secrets file.
     *
     * @throws RoutingTableException when the file cannot be read or does not parse: a configuration error at start-up
     */
    public static RoutingTableSource open(Path tableFile) {
        return open(tableFile, Optional.empty());
    }

    /**
     * Loads a table whose {@code auth=} options refer to {@code secretsFile}.
     *
     * @throws RoutingTableException when either file cannot be read or does not parse
     */
    public static RoutingTableSource open(Path tableFile, Optional<Path> secretsFile) {
        Objects.requireNonNull(tableFile, "tableFile");
        List<Path> files = new ArrayList<>(List.of(tableFile));
        secretsFile.ifPresent(files::add);
        return new RoutingTableSource(ReloadingFiles.load("Routing table", files, () -> load(tableFile, secretsFile),
                Clock.systemUTC(), Duration.ZERO));
    }

    /** The table in force, reloaded first if a file changed. */
    public RoutingTable current() {
        return table.current();
    }

    /** Reloads if the table or secrets file changed since it was last read. */
    public ReloadingFiles.Reload reloadIfChanged() {
        return table.reloadIfChanged();
    }

    /** Why the latest change was not taken; empty when the table in force is the files' current content. */
    public Optional<RoutingTableException> lastFailure() {
        return table.lastFailure().filter(RoutingTableException.class::isInstance).map(RoutingTableException.class::cast);
    }

    String keptPreviousMessage(RoutingTableException e) {
        return table.keptPreviousMessage(e);
    }

    private static RoutingTable load(Path tableFile, Optional<Path> secretsFile) {
        RouteSecrets secrets = RouteSecrets.none();
        if (secretsFile.isPresent()) {
            warnIfOthersCanRead(secretsFile.get());
            secrets = RouteSecrets.parse(secretsFile.get().toString(), read(secretsFile.get()));
        }
        return RoutingTable.parse(tableFile.toString(), read(tableFile), secrets);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RoutingTableException(file.toString(), "cannot read the file (it must exist and be UTF-8): " + e);
        }
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("Secrets file {} is readable by every local user; chmod o-r it", file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("Cannot check the permissions of {}: {}", file, e.toString());
        }
    }
}
