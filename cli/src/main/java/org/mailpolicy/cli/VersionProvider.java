package org.mailpolicy.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = MailPolicyCommand.class.getPackage().getImplementationVersion();
        return new String[] {"mailpolicy " + (version == null ? "development build" : version)};
    }
}
