package org.mailpolicy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mailpolicy}: the MailPolicy engines for admins and scripts. */
@Command(name = "mailpolicy",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Checks SPF, DKIM, DMARC and ARC the way the James plugins do, seals ARC, explains outbound routes, reads or resets rate limits and reads DMARC reports.",
        subcommands = {SpfCommand.class, DkimCommand.class, DmarcCommand.class, ArcCommand.class, RouteCommand.class, RateLimitCommand.class,
                ReportCommand.class})
public final class MailPolicyCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new MailPolicyCommand());
    }
}
