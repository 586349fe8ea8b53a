package org.mailpolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code mailpolicy route explain} over a table file (ROUTING-TABLE.md "Lookup order and precedence"). */
class RouteCommandTest {

    private static final String TABLE = "[recipient]\n"
            + "gmail.com  relay:[smtp.relay.example]:587, [smtp2.relay.example]:587 tls=verify auth=relay name=reputable\n"
            + "[sender]\n"
            + "@tenant.example relay:[mail.tenant.example]:587 name=tenant\n"
            + "[default]\n"
            + "direct tls=may\n";
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;

    @Test
    void recipientEntryWinsAndTheLineIsShownWithoutThePassword() throws Exception {
        Path table = write();
        Result r = run("route", "explain", "--recipient", "bob@gmail.com", "--sender", "alice@tenant.example", "--table", table.toString());
        assertThat(r.code).isZero();
        assertThat(r.out).contains("route:  relay:[smtp.relay.example]:587, [smtp2.relay.example]:587 tls=verify auth=relay name=reputable")
                .contains("origin: recipient")
                .contains(table + ":2: gmail.com")
                .contains("why:    recipient bob@gmail.com matched `gmail.com`")
                .doesNotContain(PASSWORD);
    }

    @Test
    void senderEntryAppliesWhenNoRecipientEntryMatchesAsJson() throws Exception {
        Path table = write();
        Result r = run("route", "explain", "--recipient", "bob@example.net", "--sender", "alice@tenant.example",
                "--table", table.toString(), "--json");
        assertThat(r.code).isZero();
        assertThat(r.out).contains("\"origin\" : \"sender\"", "\"matchedKey\" : \"@tenant.example\"", "\"line\" : 4",
                "\"name\" : \"tenant\"").doesNotContain(PASSWORD);
    }

    @Test
    void withoutSenderTheDefaultRouteApplies() throws Exception {
        Result r = run("route", "explain", "--recipient", "bob@example.net", "--table", write().toString());
        assertThat(r.out).contains("origin: default", "no sender given");
    }

    @Test
    void aTableThatDoesNotParseIsABadArgumentNamingTheLine() throws Exception {
        Path table = dir.resolve("bad.conf");
        Files.writeString(table, "[recipient]\nexample.com smtp:[relay.example]\n");
        Result r = run("route", "explain", "--recipient", "bob@example.com", "--table", table.toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("line 2").contains("unknown route");
    }

    private Path write() throws Exception {
        Path table = dir.resolve("routes.conf");
        Files.writeString(table, TABLE);
        Files.writeString(dir.resolve("routes.secrets"), "relay = relay-account@example.com:" + PASSWORD + "\n");
        return table;
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MailPolicyCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static final class Result {
        final int code;
        final String out;
        final String err;

        Result(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }
    }
}
