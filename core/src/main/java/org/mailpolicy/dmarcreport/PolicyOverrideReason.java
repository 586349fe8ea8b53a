package org.mailpolicy.dmarcreport;

import java.util.Objects;
import java.util.Optional;

/**
 * Why the applied disposition differs from the published policy (RFC 9990 §3.1.1, PolicyOverrideReason):
 * a type word and an optional comment. The type is kept as reported; RFC 9990 defines
 * {@code trusted_forwarder}, {@code mailing_list}, {@code local_policy}, {@code policy_test_mode} and
 * {@code other}, RFC 7489 also {@code forwarded} and {@code sampled_out}.
 */
public final class PolicyOverrideReason {

    private final String type;
    private final String comment;

    public PolicyOverrideReason(String type, String comment) {
        this.type = Objects.requireNonNullElse(type, "");
        this.comment = comment;
    }

    public String type() {
        return type;
    }

    public Optional<String> comment() {
        return Optional.ofNullable(comment);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PolicyOverrideReason)) {
            return false;
        }
        PolicyOverrideReason other = (PolicyOverrideReason) o;
        return type.equals(other.type) && Objects.equals(comment, other.comment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, comment);
    }

    @Override
    public String toString() {
        return comment == null ? type : type + " (" + comment + ")";
    }
}
