package org.mailpolicy.ratelimit;

/** Where the rate limiter reads its rules on every decision, so that changed rules apply without a restart. */
public interface RateLimitRulesSource {

    /** The rules in force now; cheap, called once per decision. */
    RateLimitRules current();
}
