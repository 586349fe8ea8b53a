package org.mailpolicy.ratelimit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** One part of a rule's key: what the budget is counted per. A key combines one or more parts. */
public enum KeyPart {
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
    public String configName() {
        return configName;
    }

    static Optional<KeyPart> fromConfigName(String word) {
        String lower = word.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.configName.equals(lower)).findFirst();
    }

    static String acceptedNames() {
        return Arrays.stream(values()).map(KeyPart::configName).collect(Collectors.joining(", "));
    }
}
