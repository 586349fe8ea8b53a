package org.mailpolicy.authres;

import org.mailpolicy.arc.ArcResult;
import org.mailpolicy.dkim.DkimResult;
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
     * apart signatures of one domain); empty values are left out.
     */
    public static MethodResult dkim(DkimResult result, String reason, String domain, String identity, String selector,
                                    String algorithm, String bPrefix) {
        MethodResult.Builder builder = MethodResult.builder("dkim", result.word());
        if (!reason.isEmpty()) {
            builder.reason(reason);
        }
        header(builder, "d", domain);
        header(builder, "i", identity);
        header(builder, "s", selector);
        header(builder, "a", algorithm);
        header(builder, "b", bPrefix);
        return builder.build();
    }

    /** RFC 8617 §10.1: the {@code arc} method with the chain validation status, and why when it is not a pass. */
    public static MethodResult arc(ArcResult result, String reason) {
        MethodResult.Builder builder = MethodResult.builder("arc", result.word());
        if (!reason.isEmpty()) {
            builder.reason(reason);
        }
        return builder.build();
    }

    private static void header(MethodResult.Builder builder, String property, String value) {
        if (!value.isEmpty()) {
            builder.property("header", property, value);
        }
    }
}
