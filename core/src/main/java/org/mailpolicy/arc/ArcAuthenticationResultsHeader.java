package org.mailpolicy.arc;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instance and payload of an ARC-Authentication-Results field (RFC 8617 §4.1.1):
 * {@code i=<instance>;} followed by an Authentication-Results body (authserv-id and results).
 */
final class ArcAuthenticationResultsHeader {

    static final String NAME = "ARC-Authentication-Results";

    // RFC 8617 §4.1.1: arc-info = instance [CFWS] ";" authres-payload, instance = [CFWS] "i" [CFWS] "=" [CFWS] 1*2DIGIT.
    private static final Pattern INSTANCE = Pattern.compile("[ \\t\\r\\n]*i[ \\t\\r\\n]*=[ \\t\\r\\n]*([0-9]{1,2})[ \\t\\r\\n]*;(.*)", Pattern.DOTALL);

    final int instance;
    /** The authserv-id and results, unfolded, one "; " between them. */
    final String payload;

    private ArcAuthenticationResultsHeader(int instance, String payload) {
        this.instance = instance;
        this.payload = payload;
    }

    /** Empty when the value does not start with a valid instance tag followed by ";". */
    static Optional<ArcAuthenticationResultsHeader> parse(String value) {
        Matcher m = INSTANCE.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        int instance = Integer.parseInt(m.group(1));
        if (instance < 1 || instance > ArcVerifier.MAX_INSTANCE) {
            return Optional.empty();
        }
        return Optional.of(new ArcAuthenticationResultsHeader(instance, AuthenticationResultsText.normalize(m.group(2))));
    }
}
