package org.mailpolicy.dmarc;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What DMARC needs from an ARC verification (RFC 8617): the chain validation status and the
 * domains of the sealers whose ARC-Seal verified, oldest hop first. Trusted-sealer overrides
 * (RFC 8617 §7.2) read only this, and trust only the newest sealer.
 */
public final class ArcChainInput {

    /** RFC 8617 §4.1.3 {@code cv=} values. */
    public enum ChainValidation {
        NONE, PASS, FAIL;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ArcChainInput NONE = new ArcChainInput(ChainValidation.NONE, List.of());

    private final ChainValidation validation;
    private final List<String> passingSealers;

    private ArcChainInput(ChainValidation validation, List<String> passingSealers) {
        this.validation = Objects.requireNonNull(validation, "validation");
        this.passingSealers = List.copyOf(passingSealers);
    }

    public static ArcChainInput of(ChainValidation validation, List<String> passingSealers) {
        return new ArcChainInput(validation, passingSealers);
    }

    /** No ARC sets in the message. */
    public static ArcChainInput none() {
        return NONE;
    }

    public ChainValidation validation() {
        return validation;
    }

    /** The {@code d=} of each ARC-Seal that verified, oldest hop first. */
    public List<String> passingSealers() {
        return passingSealers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArcChainInput && ((ArcChainInput) o).validation == validation
                && ((ArcChainInput) o).passingSealers.equals(passingSealers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(validation, passingSealers);
    }

    @Override
    public String toString() {
        return "cv=" + validation.word() + " " + passingSealers;
    }
}
