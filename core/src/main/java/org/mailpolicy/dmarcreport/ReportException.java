package org.mailpolicy.dmarcreport;

/** Why a report could not be read; internal to the reader, which turns it into a {@link ReportParseResult} error. */
final class ReportException extends Exception {

    private static final long serialVersionUID = 1L;

    ReportException(String message) {
        super(message, null, false, false);
    }
}
