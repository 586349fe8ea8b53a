package org.mailpolicy.routing;

import java.util.Objects;

/** One logical line of the table: its normalised key, its route, and where it was written. */
final class TableEntry {

    private final String key;
    private final Route route;
    private final int line;
    private final String text;

    TableEntry(String key, Route route, int line, String text) {
        this.key = Objects.requireNonNull(key, "key");
        this.route = Objects.requireNonNull(route, "route");
        this.line = line;
        this.text = Objects.requireNonNull(text, "text");
    }

    /** The lookup key in its compared form (lower case, A-labels); empty for the default route. */
    String key() {
        return key;
    }

    Route route() {
        return route;
    }

    /** The 1-based number of the line the entry starts on. */
    int line() {
        return line;
    }

    /** The entry as written, continuation lines joined with one space. */
    String text() {
        return text;
    }
}
