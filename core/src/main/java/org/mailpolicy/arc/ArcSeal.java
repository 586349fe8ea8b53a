package org.mailpolicy.arc;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.mailpolicy.message.RawMessage;

/**
 * The ARC set a sealer made for a message (RFC 8617 §5.1), or why it made none. Each field is whole
 * ({@code Name: value}), folded with CRLF TAB, without a final CRLF. Immutable.
 */
public final class ArcSeal {

    private final int instance;
    private final ArcResult chainValidation;
    private final String authenticationResults;
    private final String messageSignature;
    private final String seal;
    private final String reason;

    private ArcSeal(int instance, ArcResult chainValidation, String authenticationResults, String messageSignature, String seal, String reason) {
        this.instance = instance;
        this.chainValidation = chainValidation;
        this.authenticationResults = authenticationResults;
        this.messageSignature = messageSignature;
        this.seal = seal;
        this.reason = Objects.requireNonNull(reason);
    }

    static ArcSeal sealed(int instance, ArcResult chainValidation, String authenticationResults, String messageSignature, String seal) {
        return new ArcSeal(instance, chainValidation, authenticationResults, messageSignature, seal, "");
    }

    static ArcSeal notSealed(ArcResult chainValidation, String reason) {
        return new ArcSeal(0, chainValidation, "", "", "", reason);
    }

    /** False when the message must not get another ARC set (a chain already sealed as failed, or 50 sets). */
    public boolean isSealed() {
        return !seal.isEmpty();
    }

    /** Why no set was added; empty when one was. */
    public String reason() {
        return reason;
    }

    /** The i= of the new set; 0 when none was made. */
    public int instance() {
        return instance;
    }

    /** The cv= written in the new seal: the status of the chain the message arrived with. */
    public ArcResult chainValidation() {
        return chainValidation;
    }

    /** {@code ARC-Authentication-Results: i=N; ...}, empty when not sealed. */
    public String authenticationResults() {
        return authenticationResults;
    }

    /** {@code ARC-Message-Signature: ...}, empty when not sealed. */
    public String messageSignature() {
        return messageSignature;
    }

    /** {@code ARC-Seal: ...}, empty when not sealed. */
    public String seal() {
        return seal;
    }

    /** The three fields top to bottom, as they are prepended: ARC-Seal, ARC-Message-Signature, ARC-Authentication-Results. */
    public List<String> fields() {
        return isSealed() ? List.of(seal, messageSignature, authenticationResults) : List.of();
    }

    /** {@code message} with the set prepended (line endings as {@link RawMessage} normalizes them); the message itself when not sealed. */
    public byte[] prependTo(byte[] message) {
        StringBuilder head = new StringBuilder();
        for (String field : fields()) {
            head.append(field).append("\r\n");
        }
        return ArcSealer.prepend(head.toString(), RawMessage.parse(message).bytes());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ArcSeal)) {
            return false;
        }
        ArcSeal s = (ArcSeal) o;
        return instance == s.instance && chainValidation == s.chainValidation && authenticationResults.equals(s.authenticationResults)
                && messageSignature.equals(s.messageSignature) && seal.equals(s.seal) && reason.equals(s.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(instance, chainValidation, authenticationResults, messageSignature, seal, reason);
    }

    @Override
    public String toString() {
        return isSealed() ? String.join("\r\n", fields()) : "not sealed: " + reason;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
