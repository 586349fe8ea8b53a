package org.mailpolicy.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The route chosen for one recipient, the table line that chose it and why: what
 * {@code route explain} prints. Immutable; {@link #toMap()} is the JSON form.
 */
public final class RouteDecision {

    /** Which rule of the precedence chose the route. */
    public enum Origin {
        /** A [recipient] entry matched. */
        RECIPIENT_ENTRY("recipient"),
        /** No recipient entry matched; a [sender] entry did. */
        SENDER_ENTRY("sender"),
        /** Neither matched; the [default] route applies. */
        DEFAULT_ROUTE("default"),
        /** Nothing in the table applies: plain MX delivery to the recipient's domain. */
        BUILT_IN("built-in");

        private final String word;

        Origin(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    private final String recipient;
    private final String sender;
    private final Route route;
    private final Origin origin;
    private final String table;
    private final TableEntry entry;
    private final List<String> recipientKeysTried;
    private final List<String> senderKeysTried;
    private final String explanation;

    RouteDecision(String recipient, String sender, Route route, Origin origin, String table, TableEntry entry,
            List<String> recipientKeysTried, List<String> senderKeysTried, String explanation) {
        this.recipient = Objects.requireNonNull(recipient, "recipient");
        this.sender = sender;
        this.route = Objects.requireNonNull(route, "route");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.table = Objects.requireNonNull(table, "table");
        this.entry = entry;
        this.recipientKeysTried = Collections.unmodifiableList(new ArrayList<>(recipientKeysTried));
        this.senderKeysTried = Collections.unmodifiableList(new ArrayList<>(senderKeysTried));
        this.explanation = Objects.requireNonNull(explanation, "explanation");
    }

    /** The recipient as given. */
    public String recipient() {
        return recipient;
    }

    /** The sender as given; empty when the lookup had no sender (not the same as the null sender {@code <>}). */
    public Optional<String> sender() {
        return Optional.ofNullable(sender);
    }

    public Route route() {
        return route;
    }

    public Origin origin() {
        return origin;
    }

    /** The source of the table consulted (usually its path). */
    public String table() {
        return table;
    }

    /** The key of the entry that matched, in compared form; empty for the default route and the built-in one. */
    public Optional<String> matchedKey() {
        return entry == null || entry.key().isEmpty() ? Optional.empty() : Optional.of(entry.key());
    }

    /** The number of the table line that chose the route; empty for the built-in route. */
    public OptionalInt line() {
        return entry == null ? OptionalInt.empty() : OptionalInt.of(entry.line());
    }

    /** The table line that chose the route, as written; empty for the built-in route. */
    public Optional<String> lineText() {
        return entry == null ? Optional.empty() : Optional.of(entry.text());
    }

    /** The recipient keys looked up, in order, up to the one that matched. */
    public List<String> recipientKeysTried() {
        return recipientKeysTried;
    }

    /** The sender keys looked up, in order, up to the one that matched; empty when the sender was not consulted. */
    public List<String> senderKeysTried() {
        return senderKeysTried;
    }

    /** Why this route, in a sentence or two for an admin. */
    public String explanation() {
        return explanation;
    }

    /** JSON-friendly view: strings, numbers, lists and maps only. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recipient", recipient);
        sender().ifPresent(s -> m.put("sender", s));
        m.put("route", route.toMap());
        m.put("origin", origin.word());
        m.put("table", table);
        matchedKey().ifPresent(k -> m.put("matchedKey", k));
        line().ifPresent(l -> m.put("line", l));
        lineText().ifPresent(t -> m.put("lineText", t));
        m.put("recipientKeysTried", recipientKeysTried);
        m.put("senderKeysTried", senderKeysTried);
        m.put("explanation", explanation);
        return m;
    }

    @Override
    public String toString() {
        return "RouteDecision[" + recipient + " -> " + route + " (" + origin.word()
                + line().stream().mapToObj(l -> ", line " + l).findFirst().orElse("") + ")]";
    }
}
