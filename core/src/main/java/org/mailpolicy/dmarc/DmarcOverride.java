package org.mailpolicy.dmarc;

import java.util.Objects;

/** A local policy that changed the disposition: its reason and a detail (the ARC sealer, the matched network or list entry). */
public final class DmarcOverride {

    private final OverrideReason reason;
    private final String detail;

    public DmarcOverride(OverrideReason reason, String detail) {
        this.reason = Objects.requireNonNull(reason, "reason");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    public OverrideReason reason() {
        return reason;
    }

    /** What matched: the ARC sealer's domain, the trusted network, the allow-list entry; empty for sampling. */
    public String detail() {
        return detail;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DmarcOverride && ((DmarcOverride) o).reason == reason && ((DmarcOverride) o).detail.equals(detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, detail);
    }

    @Override
    public String toString() {
        return reason.word() + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
