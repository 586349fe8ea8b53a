package org.mailpolicy.ratelimit;

/** One part of a rule's key: what the budget is counted per. A key combines one or more parts. */
public enum KeyPart implements ConfigWord {
    USER("user"),
    IP("ip"),
    HELO("helo"),
    SENDER("sender"),
    SENDER_DOMAIN("sender-domain"),
    RECIPIENT("recipient"),
    RECIPIENT_DOMAIN("recipient-domain"),
    GLOBAL("global");

    private final String configName;

    KeyPart(String configName) {
        this.configName = configName;
    }

    /** The word used in rules ({@code ratelimit.rule.<name>.key=user+ip}). */
    @Override
    public String configName() {
        return configName;
    }
}
