package org.mailpolicy.ratelimit;

/** What a window counts. */
public enum Dimension implements ConfigWord {
    MESSAGES("messages"),
    RECIPIENTS("recipients"),
    BYTES("bytes");

    private final String configName;

    Dimension(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
