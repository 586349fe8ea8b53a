package org.mailpolicy.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A routing table or secrets file that cannot be used, with every problem found and the line
 * it is on. Problems in the secrets file never quote the file's text.
 */
public final class RoutingTableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final List<Problem> problems;

    RoutingTableException(String source, List<Problem> problems) {
        super(message(source, problems));
        this.source = Objects.requireNonNull(source, "source");
        this.problems = Collections.unmodifiableList(new ArrayList<>(problems));
    }

    RoutingTableException(String source, String reason) {
        this(source, List.of(new Problem(0, reason)));
    }

    /** The file (or other source name) the problems are in. */
    public String source() {
        return source;
    }

    /** Every problem found, in line order; never empty. */
    public List<Problem> problems() {
        return problems;
    }

    private static String message(String source, List<Problem> problems) {
        return source + ": " + problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    }

    /** One problem: the line it is on (0 for the file as a whole) and what is wrong, with the accepted forms. */
    public static final class Problem {
        private final int line;
        private final String reason;

        Problem(int line, String reason) {
            this.line = line;
            this.reason = Objects.requireNonNull(reason, "reason");
        }

        /** The 1-based line number; 0 when the problem is not on one line (the file cannot be read). */
        public int line() {
            return line;
        }

        public String reason() {
            return reason;
        }

        @Override
        public String toString() {
            return line == 0 ? reason : "line " + line + ": " + reason;
        }
    }
}
