package org.mailpolicy.routing;

/** What a route does with a recipient; each kind has one spelling in the table file (see ROUTING-TABLE.md). */
public enum RouteKind {
    /** {@code direct}: SMTP to the MX hosts of the recipient's domain (Postfix {@code smtp:}). */
    DIRECT("direct"),
    /** {@code mx:DOMAIN}: SMTP to the MX hosts of another domain (Postfix {@code smtp:example.net}). */
    MX("mx"),
    /** {@code relay:HOP, HOP}: SMTP to a list of relays tried in order (Postfix {@code smtp:[host]:port} and {@code smtp_fallback_relay}). */
    RELAY("relay"),
    /** {@code local}: delivery to a local mailbox. */
    LOCAL("local"),
    /** {@code error:TEXT}: the recipient is refused and the mail bounces with the text (Postfix {@code error:}). */
    REFUSE("error"),
    /** {@code hold[:REPOSITORY]}: the mail is kept in a repository until an admin releases it (Postfix {@code HOLD}). */
    HOLD("hold");

    private final String word;

    RouteKind(String word) {
        this.word = word;
    }

    /** The word that starts this kind's route in the table file. */
    public String word() {
        return word;
    }

    /** Whether mail on this route leaves over SMTP, so that TLS, credentials, HELO and bind apply. */
    public boolean isSmtp() {
        return this == DIRECT || this == MX || this == RELAY;
    }
}
