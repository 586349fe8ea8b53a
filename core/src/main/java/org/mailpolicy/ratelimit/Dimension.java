package org.mailpolicy.ratelimit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a window counts. */
public enum Dimension {
    MESSAGES("messages"),
    RECIPIENTS("recipients"),
    BYTES("bytes");

    private final String configName;

    Dimension(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    static Optional<Dimension> fromConfigName(String word) {
        String lower = word.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(d -> d.configName.equals(lower)).findFirst();
    }

    static String acceptedNames() {
        return Arrays.stream(values()).map(Dimension::configName).collect(Collectors.joining(", "));
    }
}
