package org.mailpolicy.ratelimit;

/** What the SMTP edge does when a rule limits: the engine only reports it. */
public enum RateLimitAction implements ConfigWord {
    /** 451 4.7.1: the client retries later (the default, what a compromised account should get). */
    TEMPFAIL("tempfail"),
    /** 550 5.7.1: the client gives up. */
    REJECT("reject");

    private final String configName;

    RateLimitAction(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
