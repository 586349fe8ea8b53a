package org.mailpolicy.ratelimit;

import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * An immutable set of rules, in name order. The property format is described in
 * {@code RULES.md} beside this class.
 */
public final class RateLimitRules implements RateLimitRulesSource {

    private final List<RateLimitRule> rules;

    private RateLimitRules(List<RateLimitRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static RateLimitRules of(List<RateLimitRule> rules) {
        Map<String, RateLimitRule> byName = new LinkedHashMap<>();
        for (RateLimitRule rule : rules) {
            if (byName.putIfAbsent(rule.name(), rule) != null) {
                throw new IllegalArgumentException("rule " + rule.name() + " given twice");
            }
        }
        return new RateLimitRules(rules);
    }

    /**
     * Reads the {@code ratelimit.rule.*} properties; other keys are ignored, so the whole of
     * {@code mailpolicy.properties} can be passed.
     *
     * @throws RateLimitConfigException naming the first bad key and what it accepts
     */
    public static RateLimitRules parse(Map<String, String> properties) {
        return new RateLimitRules(RulesParser.parse(properties));
    }

    /** Reads rules in {@link Properties} text format, as a rules file holds them. */
    public static RateLimitRules parse(Reader reader) throws IOException {
        Properties properties = new Properties();
        try {
            properties.load(reader);
        } catch (IllegalArgumentException e) {
            throw new RateLimitConfigException("(file)", "not in properties format: " + e.getMessage());
        }
        return parse(properties.stringPropertyNames().stream()
                .collect(Collectors.toMap(k -> k, properties::getProperty)));
    }

    public List<RateLimitRule> rules() {
        return rules;
    }

    public Optional<RateLimitRule> rule(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    @Override
    public RateLimitRules current() {
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimitRules && rules.equals(((RateLimitRules) o).rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    @Override
    public String toString() {
        return rules.toString();
    }
}
