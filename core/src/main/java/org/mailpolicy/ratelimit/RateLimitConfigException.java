package org.mailpolicy.ratelimit;

/** A rate-limit rule that cannot be used; the message names the key and the accepted values. */
public final class RateLimitConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    RateLimitConfigException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    /** The property at fault. */
    public String key() {
        return key;
    }
}
