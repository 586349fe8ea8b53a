package org.mailpolicy.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.mailpolicy.routing.NextHopResolver;
import org.mailpolicy.routing.RouteDecision;
import org.mailpolicy.routing.RoutingTableException;
import org.mailpolicy.routing.RoutingTableSource;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mailpolicy route}: questions to the outbound routing table (ROUTING-TABLE.md in core). */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Asks the outbound routing table where mail goes.",
        subcommands = {RouteCommand.Explain.class})
final class RouteCommand {

    /** Postfix's {@code postmap -q}: the route of one recipient, the line that chose it and why. */
    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Prints the route of a recipient, the table line that chose it, and why.")
    static final class Explain implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--recipient", required = true, paramLabel = "ADDRESS", description = "The recipient address.")
        private String recipient;

        @Option(names = "--sender", paramLabel = "ADDRESS",
                description = "The envelope sender; <> for the null sender. Without it [sender] entries are not consulted.")
        private String sender;

        @Option(names = "--table", paramLabel = "FILE", defaultValue = "conf/routes.conf",
                description = "The routing table (default: ${DEFAULT-VALUE}, James's conf/ when run from James's home).")
        private Path table;

        @Option(names = "--secrets", paramLabel = "FILE",
                description = "The secrets file its auth= options refer to (default: routes.secrets beside the table, if present).")
        private Path secrets;

        @Option(names = "--recipient-delimiter", paramLabel = "CHARS", defaultValue = NextHopResolver.DEFAULT_RECIPIENT_DELIMITER,
                description = "As routing.recipientDelimiter (default: ${DEFAULT-VALUE}; empty for none).")
        private String delimiter;

        @Option(names = "--json", description = "Print one JSON object.")
        private boolean json;

        @Override
        public Integer call() {
            NextHopResolver resolver;
            try {
                resolver = NextHopResolver.of(RoutingTableSource.open(table, secretsFile())).withRecipientDelimiter(delimiter);
            } catch (RoutingTableException | IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            RouteDecision decision = sender == null ? resolver.resolve(recipient) : resolver.resolve(recipient, sender);
            PrintWriter out = spec.commandLine().getOut();
            out.println(json ? JsonOutput.write(decision.toMap()) : human(decision));
            out.flush();
            return 0;
        }

        private Optional<Path> secretsFile() {
            if (secrets != null) {
                return Optional.of(secrets);
            }
            Path beside = table.toAbsolutePath().resolveSibling("routes.secrets");
            return Files.isReadable(beside) ? Optional.of(beside) : Optional.empty();
        }

        static String human(RouteDecision decision) {
            StringBuilder s = new StringBuilder()
                    .append("route:  ").append(decision.route()).append('\n')
                    .append("origin: ").append(decision.origin().word()).append('\n');
            if (decision.line().isPresent()) {
                s.append("line:   ").append(decision.table()).append(':').append(decision.line().getAsInt())
                        .append(": ").append(decision.lineText().orElse("")).append('\n');
            } else {
                s.append("line:   none (built-in: MX delivery)\n");
            }
            return s.append("why:    ").append(decision.explanation()).toString();
        }
    }
}
