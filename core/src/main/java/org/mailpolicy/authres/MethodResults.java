package org.mailpolicy.authres;

import org.mailpolicy.arc.ArcResult;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dkim.DkimSignatureResult;
import org.mailpolicy.dmarc.DmarcPolicy;
import org.mailpolicy.dmarc.DmarcResult;
import org.mailpolicy.dmarc.DmarcResultCode;
import org.mailpolicy.spf.SpfResult;

/** How each engine's verdict is written as an RFC 8601 resinfo, so every writer says it the same way. */
public final class MethodResults {

    private MethodResults() {
    }

    /** RFC 8601 §2.7.2: {@code smtp.mailfrom} carries the domain checked, {@code smtp.helo} the HELO name. */
    public static MethodResult spf(SpfResult result) {
        MethodResult.Builder builder = MethodResult.builder("spf", result.code().keyword());
        result.problem().ifPresent(builder::reason);
        return builder.property("smtp", result.identity().property().substring("smtp.".length()), result.domain()).build();
    }

    /** RFC 8601 §2.7.1: an unsigned message. */
    public static MethodResult dkimNone() {
        return MethodResult.builder("dkim", DkimResult.NONE.word()).build();
    }

    /**
     * RFC 8601 §2.7.1 and RFC 6008: one signature with {@code header.d}, {@code header.i},
     * {@code header.s}, {@code header.a} and {@code header.b} (the first characters of b=, telling
     * apart signatures of one domain); absent values are left out.
     */
    public static MethodResult dkim(DkimSignatureResult signature) {
        MethodResult.Builder builder = MethodResult.builder("dkim", signature.result().word());
        if (!signature.reason().isEmpty()) {
            builder.reason(signature.reason());
        }
        header(builder, "d", signature.domain().orElse(""));
        header(builder, "i", signature.identity().orElse(""));
        header(builder, "s", signature.selector().orElse(""));
        header(builder, "a", signature.algorithm().orElse(""));
        header(builder, "b", signature.bPrefix());
        return builder.build();
    }

    /** RFC 8617 §10.1: the {@code arc} method with the chain validation status, and why when it is not a pass. */
    public static MethodResult arc(ArcResult result, String reason, int oldestPass) {
        MethodResult.Builder builder = MethodResult.builder("arc", result.word());
        if (!reason.isEmpty()) {
            builder.reason(reason);
        }
        if (result == ArcResult.PASS && oldestPass > 0) {
            // RFC 8617 §10.1: header.oldest-pass, the oldest instance whose ARC-Message-Signature still verifies.
            builder.property("header", "oldest-pass", Integer.toString(oldestPass));
        }
        return builder.build();
    }

    private static void header(MethodResult.Builder builder, String property, String value) {
        if (!value.isEmpty()) {
            builder.property("header", property, value);
        }
    }

    /**
     * RFC 7489 §11.2 and RFC 9989: {@code header.from} carries the author domain, {@code policy.dmarc}
     * the policy the domain published for it; a local override or a problem is the reason.
     */
    public static MethodResult dmarc(DmarcResult result) {
        String reason = result.override().map(o -> "override " + o).orElse(result.problem().orElse(""));
        return dmarc(result.code(), result.fromDomain(), result.publishedPolicy().map(DmarcPolicy::word).orElse(""), reason);
    }

    /** The same from the parts a Mail attribute carries; empty values are left out. */
    public static MethodResult dmarc(DmarcResultCode code, String fromDomain, String policy, String reason) {
        MethodResult.Builder builder = MethodResult.builder("dmarc", code.keyword());
        if (!reason.isEmpty()) {
            builder.reason(reason);
        }
        if (!fromDomain.isEmpty()) {
            builder.property("header", "from", fromDomain);
        }
        if (!policy.isEmpty()) {
            builder.property("policy", "dmarc", policy);
        }
        return builder.build();
    }
}
