package org.mailpolicy.spf;

/** A record or macro that does not follow RFC 7208's grammar: always ends in {@code permerror}. */
final class SpfSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    SpfSyntaxException(String message) {
        super(message, null, false, false);
    }
}
