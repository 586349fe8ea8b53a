package org.mailpolicy.routing;

/** A problem on the line being parsed; the table parser adds the line number. */
final class LineError extends Exception {

    private static final long serialVersionUID = 1L;

    LineError(String reason) {
        super(reason, null, false, false);
    }
}
