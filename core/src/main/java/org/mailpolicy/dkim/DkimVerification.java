package org.mailpolicy.dkim;

import java.util.List;
import java.util.stream.Collectors;

/** The verdicts on every DKIM-Signature field of one message, top to bottom. */
public final class DkimVerification {

    private final List<DkimSignatureResult> signatures;

    DkimVerification(List<DkimSignatureResult> signatures) {
        this.signatures = List.copyOf(signatures);
    }

    /** One result per DKIM-Signature field, in header order; empty for an unsigned message. */
    public List<DkimSignatureResult> signatures() {
        return signatures;
    }

    /** False for an unsigned message, whose DKIM result is {@link DkimResult#NONE} (RFC 8601 §2.7.1). */
    public boolean isSigned() {
        return !signatures.isEmpty();
    }

    /** The signatures that passed, as DMARC alignment needs them. */
    public List<DkimSignatureResult> passes() {
        return signatures.stream().filter(s -> s.result() == DkimResult.PASS).collect(Collectors.toUnmodifiableList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DkimVerification && ((DkimVerification) o).signatures.equals(signatures);
    }

    @Override
    public int hashCode() {
        return signatures.hashCode();
    }

    @Override
    public String toString() {
        return signatures.isEmpty() ? DkimResult.NONE.word() : signatures.toString();
    }
}
