package org.mailpolicy.ratelimit;

/** Whether a refused attempt is charged. */
public enum ChargeMode implements ConfigWord {
    /** A refused attempt costs nothing, so an MTA that retries is not starved (the default). */
    LEAKY("leaky"),
    /**
     * A refused attempt is charged too (capped at one full window), so a client that keeps
     * hammering stays blocked until it slows down below the rate.
     */
    STRICT("strict");

    private final String configName;

    ChargeMode(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
