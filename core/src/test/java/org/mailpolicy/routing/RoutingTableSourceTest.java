package org.mailpolicy.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailpolicy.reload.ReloadingFiles;

/** Reloading on change: a good file takes effect at the next lookup, a bad one leaves the old table in force. */
class RoutingTableSourceTest {

    private static final String RELAY_A = "[recipient]\nexample.com relay:[a.example]:587\n";
    private static final String RELAY_B = "[recipient]\nexample.com relay:[b.example]:587\n";

    @TempDir
    Path dir;
    private Path tableFile;
    private Path secretsFile;
    private long mtime = 1_700_000_000_000L;

    @BeforeEach
    void writeFiles() throws IOException {
        tableFile = dir.resolve("routes.conf");
        secretsFile = dir.resolve("secrets.conf");
        write(tableFile, RELAY_A);
        write(secretsFile, "relay = user:first-pw\n");
    }

    @Test
    void aChangedFileReroutesTheNextLookup() throws IOException {
        RoutingTableSource source = RoutingTableSource.open(tableFile);
        NextHopResolver resolver = NextHopResolver.of(source);
        assertThat(relayOf(resolver)).isEqualTo("[a.example]:587");

        write(tableFile, RELAY_B);

        assertThat(relayOf(resolver)).isEqualTo("[b.example]:587");
        assertThat(source.reloadIfChanged()).isEqualTo(ReloadingFiles.Reload.UNCHANGED);
    }

    @Test
    void seesAChangeOfTheSameSizeByItsModificationTime() throws IOException {
        RoutingTableSource source = RoutingTableSource.open(tableFile);

        write(tableFile, RELAY_B);

        assertThat(RELAY_A).hasSameSizeAs(RELAY_B);
        assertThat(source.reloadIfChanged()).isEqualTo(ReloadingFiles.Reload.RELOADED);
    }

    @Test
    void aFileThatDoesNotParseKeepsTheOldTableAndSaysWhy() throws IOException {
        RoutingTableSource source = RoutingTableSource.open(tableFile);
        NextHopResolver resolver = NextHopResolver.of(source);

        write(tableFile, "[recipient]\nexample.com relay:[b.example]:587\nbroken.example smtp:[x]\n");

        assertThat(source.reloadIfChanged()).isEqualTo(ReloadingFiles.Reload.KEPT_PREVIOUS);
        assertThat(relayOf(resolver)).isEqualTo("[a.example]:587");
        RoutingTableException failure = source.lastFailure().orElseThrow();
        assertThat(failure.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).startsWith("unknown route `smtp:[x]`; accepted: direct");
        });
        assertThat(source.keptPreviousMessage(failure))
                .isEqualTo("Routing table not reloaded (the previous version stays in force): " + tableFile
                        + ": line 3: unknown route `smtp:[x]`; accepted: " + RouteParser.ROUTE_FORMS);
        assertThat(source.reloadIfChanged()).as("the same bad file is not parsed again").isEqualTo(ReloadingFiles.Reload.KEPT_PREVIOUS);

        write(tableFile, RELAY_B + "\n");

        assertThat(source.reloadIfChanged()).isEqualTo(ReloadingFiles.Reload.RELOADED);
        assertThat(source.lastFailure()).isEmpty();
        assertThat(relayOf(resolver)).isEqualTo("[b.example]:587");
    }

    @Test
    void aDeletedFileKeepsTheOldTable() throws IOException {
        RoutingTableSource source = RoutingTableSource.open(tableFile);

        Files.delete(tableFile);

        assertThat(source.reloadIfChanged()).isEqualTo(ReloadingFiles.Reload.KEPT_PREVIOUS);
        assertThat(source.lastFailure().orElseThrow().getMessage()).contains(tableFile + ": cannot read the file");
        assertThat(relayOf(NextHopResolver.of(source))).isEqualTo("[a.example]:587");
    }

    @Test
    void aChangedSecretsFileIsReloadedToo() throws IOException {
        RoutingTableSource source = openWithAuth();

        write(secretsFile, "relay = user:second-pw\n");

        assertThat(source.reloadIfChanged()).isEqualTo(ReloadingFiles.Reload.RELOADED);
        assertThat(NextHopResolver.of(source).resolve("x@example.com").route().credentials().orElseThrow().password())
                .isEqualTo("second-pw");
    }

    @Test
    void aBadSecretsFileKeepsTheOldTableWithoutQuotingIt() throws IOException {
        RoutingTableSource source = openWithAuth();

        write(secretsFile, "relay user third-pw\n");

        assertThat(source.reloadIfChanged()).isEqualTo(ReloadingFiles.Reload.KEPT_PREVIOUS);
        RoutingTableException failure = source.lastFailure().orElseThrow();
        assertThat(failure.source()).isEqualTo(secretsFile.toString());
        assertThat(source.keptPreviousMessage(failure)).contains("line 1").doesNotContain("third-pw");
    }

    @Test
    void aBadFileAtStartUpFailsWithTheLine() throws IOException {
        write(tableFile, "[recipient]\nexample.com\n");

        RoutingTableException e = catchThrowableOfType(() -> RoutingTableSource.open(tableFile), RoutingTableException.class);

        assertThat(e.getMessage()).isEqualTo(tableFile + ": line 2: `example.com` has no route; accepted: " + RouteParser.ROUTE_FORMS);
    }

    private RoutingTableSource openWithAuth() throws IOException {
        write(tableFile, "[recipient]\nexample.com relay:[a.example]:587 auth=relay\n");
        return RoutingTableSource.open(tableFile, Optional.of(secretsFile));
    }

    private static String relayOf(NextHopResolver resolver) {
        return resolver.resolve("x@example.com").route().relays().get(0).toString();
    }

    /** Writes and moves the modification time forward, as an edit a second later would. */
    private void write(Path file, String text) throws IOException {
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        mtime += 1000;
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtime));
    }
}
