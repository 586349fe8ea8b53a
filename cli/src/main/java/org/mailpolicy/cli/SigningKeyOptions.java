package org.mailpolicy.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.mailpolicy.dkim.DkimKeys;
import org.mailpolicy.dkim.DkimPrivateKey;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The {@code --domain}, {@code --selector} and {@code --key} options of the commands that sign (DKIM and ARC). */
final class SigningKeyOptions {

    @Option(names = "--domain", required = true, paramLabel = "D", description = "The signing domain (d=).")
    private String domain;

    @Option(names = "--selector", required = true, paramLabel = "S", description = "The selector (s=); the key is published at S._domainkey.D.")
    private String selector;

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "Private key: RSA PKCS#1 or PKCS#8 PEM, Ed25519 PKCS#8 PEM or base64 seed. The algorithm follows the key.")
    private Path key;

    /** Builds a signer or sealer from the options. */
    interface SignerFactory<T> {
        T build(String domain, String selector, DkimPrivateKey key);
    }

    /** The signer {@code factory} builds; a key file or name that is unusable is a usage error that names the problem. */
    <T> T signer(CommandSpec spec, SignerFactory<T> factory) throws IOException {
        try {
            return factory.build(domain, selector, DkimKeys.load(key));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
