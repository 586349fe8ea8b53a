package org.mailpolicy.ratelimit;

/** The store could not answer in time or at all; the rule's {@link FailurePolicy} decides. */
public final class RateLimitStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RateLimitStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
