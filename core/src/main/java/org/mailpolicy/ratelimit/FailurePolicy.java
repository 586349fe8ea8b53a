package org.mailpolicy.ratelimit;

/** What a rule answers when its store cannot be reached in time. */
public enum FailurePolicy implements ConfigWord {
    /** Allow, log and count the failure (the default: a Redis outage must not stop mail). */
    FAIL_OPEN("fail-open"),
    /** Refuse; the SMTP edge answers 451 4.3.0 so the client retries. */
    FAIL_CLOSED("fail-closed");

    private final String configName;

    FailurePolicy(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
