package org.mailpolicy.arc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of verifying a message's ARC chain (RFC 8617 §5.2): the chain validation status, why it
 * is not a pass, how many sets the chain has, each hop, and the oldest instance from which every
 * ARC-Message-Signature up to the newest still verifies. Immutable.
 */
public final class ArcVerification {

    private static final ArcVerification NONE = new ArcVerification(ArcResult.NONE, "", 0, List.of(), 0, false);

    private final ArcResult result;
    private final String reason;
    private final int instances;
    private final List<ArcHop> hops;
    private final int oldestPass;
    private final boolean temporary;

    ArcVerification(ArcResult result, String reason, int instances, List<ArcHop> hops, int oldestPass, boolean temporary) {
        this.result = Objects.requireNonNull(result);
        this.reason = Objects.requireNonNull(reason);
        this.instances = instances;
        this.hops = List.copyOf(hops);
        this.oldestPass = oldestPass;
        this.temporary = temporary;
    }

    static ArcVerification none() {
        return NONE;
    }

    public ArcResult result() {
        return result;
    }

    /** Why the chain failed; empty for pass and none. */
    public String reason() {
        return reason;
    }

    /** The highest instance found: the number of hops that sealed, 0 without ARC fields. */
    public int instances() {
        return instances;
    }

    /** The complete ARC sets, instance 1 first (a malformed chain lists the sets that were whole). */
    public List<ArcHop> hops() {
        return hops;
    }

    /**
     * RFC 8617 §5.2 step 6: the lowest instance whose ARC-Message-Signature and all newer ones verify
     * (1 when every one does); 0 when the chain did not pass.
     */
    public int oldestPass() {
        return oldestPass;
    }

    /** True when the failure comes from DNS trouble on a key lookup, so a later try may pass. */
    public boolean temporary() {
        return temporary;
    }

    /** The newest hop, the one that sealed last. */
    public Optional<ArcHop> newestHop() {
        return hops.isEmpty() ? Optional.empty() : Optional.of(hops.get(hops.size() - 1));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ArcVerification)) {
            return false;
        }
        ArcVerification v = (ArcVerification) o;
        return result == v.result && reason.equals(v.reason) && instances == v.instances && hops.equals(v.hops)
                && oldestPass == v.oldestPass && temporary == v.temporary;
    }

    @Override
    public int hashCode() {
        return Objects.hash(result, reason, instances, hops, oldestPass, temporary);
    }

    @Override
    public String toString() {
        return "arc=" + result + (reason.isEmpty() ? "" : " (" + reason + ")") + " instances=" + instances
                + " oldest-pass=" + oldestPass + " " + hops;
    }
}
