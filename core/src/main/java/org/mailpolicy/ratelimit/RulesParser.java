package org.mailpolicy.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.mailpolicy.net.Cidr;

/** Turns {@code ratelimit.rule.<name>.<setting>} properties into rules; see RULES.md. */
final class RulesParser {

    static final String PREFIX = "ratelimit.rule.";

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhd])");
    private static final Pattern AMOUNT = Pattern.compile("([0-9]{1,18})\\s*(|k|kb|m|mb|g|gb|b)", Pattern.CASE_INSENSITIVE);
    private static final Duration LONGEST_PERIOD = Duration.ofDays(366);
    // Limits stay far below 2^53 so that GCRA arithmetic in doubles (Java and Redis Lua alike) stays exact.
    private static final long LARGEST_LIMIT = 1L << 40;
    private static final String SETTINGS = "key, window.<duration>, action, on-failure, mode, ipv4-prefix, ipv6-prefix, "
            + "exempt.networks, exempt.users, exempt.senders, override.user.<user>.<window>, override.domain.<domain>.<window>";

    private RulesParser() {
    }

    static List<RateLimitRule> parse(Map<String, String> properties) {
        Map<String, Map<String, String>> byRule = new TreeMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String rest = key.substring(PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot <= 0 || dot == rest.length() - 1) {
                throw new RateLimitConfigException(key, "expected " + PREFIX + "<name>.<setting>; settings: " + SETTINGS);
            }
            String name = rest.substring(0, dot);
            if (!RateLimitRule.NAME.matcher(name).matches()) {
                throw new RateLimitConfigException(key, "rule name '" + name + "': use 1 to 64 of A-Z a-z 0-9 _ -");
            }
            byRule.computeIfAbsent(name, n -> new TreeMap<>()).put(rest.substring(dot + 1), e.getValue() == null ? "" : e.getValue().trim());
        }
        List<RateLimitRule> rules = new ArrayList<>();
        byRule.forEach((name, settings) -> rules.add(rule(name, settings)));
        return rules;
    }

    private static RateLimitRule rule(String name, Map<String, String> settings) {
        String base = PREFIX + name + ".";
        RateLimitRule.Builder builder = RateLimitRule.builder(name);
        if (!settings.containsKey("key")) {
            throw new RateLimitConfigException(base + "key", "missing; one or more of " + ConfigWord.accepted(KeyPart.values()) + " joined by +");
        }
        if (settings.keySet().stream().noneMatch(s -> s.startsWith("window."))) {
            throw new RateLimitConfigException(base + "window.<duration>", "missing; for example window.1m=messages:10");
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String setting = e.getKey();
            String key = base + setting;
            String value = e.getValue();
            if (setting.equals("key")) {
                builder.key(keyParts(key, value));
            } else if (setting.startsWith("window.")) {
                String window = setting.substring("window.".length());
                builder.window(window(key, window, limits(key, value)));
            } else if (setting.equals("action")) {
                builder.action(word(key, value, RateLimitAction.values()));
            } else if (setting.equals("on-failure")) {
                builder.failurePolicy(word(key, value, FailurePolicy.values()));
            } else if (setting.equals("mode")) {
                builder.chargeMode(word(key, value, ChargeMode.values()));
            } else if (setting.equals("ipv4-prefix")) {
                builder.ipv4Prefix(prefix(key, value, 32));
            } else if (setting.equals("ipv6-prefix")) {
                builder.ipv6Prefix(prefix(key, value, 128));
            } else if (setting.equals("exempt.networks")) {
                for (String network : list(value)) {
                    if (Cidr.parse(network).isEmpty()) {
                        throw new RateLimitConfigException(key, "'" + network + "' is not an IPv4 or IPv6 network; write address/prefix, comma-separated");
                    }
                    builder.exemptNetwork(network);
                }
            } else if (setting.equals("exempt.users")) {
                list(value).forEach(builder::exemptUser);
            } else if (setting.equals("exempt.senders")) {
                for (String sender : list(value)) {
                    if (sender.indexOf('@') < 0) {
                        throw new RateLimitConfigException(key, "'" + sender + "' is neither an address nor @domain");
                    }
                    builder.exemptSender(sender);
                }
            } else if (setting.startsWith("override.user.") || setting.startsWith("override.domain.")) {
                override(builder, key, setting, value, settings);
            } else {
                throw new RateLimitConfigException(key, "unknown setting '" + setting + "'; accepted: " + SETTINGS);
            }
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new RateLimitConfigException(base + "*", e.getMessage());
        }
    }

    private static void override(RateLimitRule.Builder builder, String key, String setting, String value, Map<String, String> settings) {
        boolean user = setting.startsWith("override.user.");
        String rest = setting.substring(user ? "override.user.".length() : "override.domain.".length());
        int lastDot = rest.lastIndexOf('.');
        if (lastDot <= 0 || lastDot == rest.length() - 1) {
            throw new RateLimitConfigException(key, "expected override." + (user ? "user.<user>" : "domain.<domain>") + ".<window>");
        }
        String who = rest.substring(0, lastDot);
        String window = rest.substring(lastDot + 1);
        if (!settings.containsKey("window." + window)) {
            throw new RateLimitConfigException(key, "window '" + window + "' is not one of the rule's windows: " + settings.keySet().stream()
                    .filter(s -> s.startsWith("window.")).map(s -> s.substring("window.".length())).collect(Collectors.joining(", ")));
        }
        Map<Dimension, Long> limits = limits(key, value);
        if (user) {
            builder.userOverride(who, window, limits);
        } else {
            builder.domainOverride(who, window, limits);
        }
    }

    private static KeyPart[] keyParts(String key, String value) {
        List<KeyPart> parts = new ArrayList<>();
        for (String word : value.split("\\+", -1)) {
            KeyPart part = ConfigWord.find(KeyPart.values(), word).orElseThrow(() -> new RateLimitConfigException(key,
                    "'" + word.trim() + "' is not a key part; accepted: " + ConfigWord.accepted(KeyPart.values()) + ", joined by +"));
            if (parts.contains(part)) {
                throw new RateLimitConfigException(key, part.configName() + " given twice");
            }
            parts.add(part);
        }
        if (parts.contains(KeyPart.GLOBAL) && parts.size() > 1) {
            throw new RateLimitConfigException(key, "global cannot be combined with other parts");
        }
        return parts.toArray(new KeyPart[0]);
    }

    static Duration duration(String key, String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new RateLimitConfigException(key, "window '" + text + "' is not a duration; write a number and s, m, h or d (30s, 1m, 1h, 1d)");
        }
        long n = Long.parseLong(m.group(1));
        Duration d;
        switch (m.group(2)) {
            case "s":
                d = Duration.ofSeconds(n);
                break;
            case "m":
                d = Duration.ofMinutes(n);
                break;
            case "h":
                d = Duration.ofHours(n);
                break;
            default:
                d = Duration.ofDays(n);
        }
        if (d.isZero() || d.compareTo(LONGEST_PERIOD) > 0) {
            throw new RateLimitConfigException(key, "window '" + text + "' must be between 1s and 366d");
        }
        return d;
    }

    private static RateLimitWindow window(String key, String window, Map<Dimension, Long> limits) {
        Duration period = duration(key, window);
        try {
            return new RateLimitWindow(window, period, limits);
        } catch (IllegalArgumentException e) {
            throw new RateLimitConfigException(key, e.getMessage());
        }
    }

    static Map<Dimension, Long> limits(String key, String value) {
        Map<Dimension, Long> limits = new EnumMap<>(Dimension.class);
        for (String item : list(value)) {
            int colon = item.indexOf(':');
            String dimensionWord = colon < 0 ? item : item.substring(0, colon);
            Dimension dimension = ConfigWord.find(Dimension.values(), dimensionWord).orElseThrow(() -> new RateLimitConfigException(key,
                    "'" + item + "': expected <dimension>:<limit> with dimension one of " + ConfigWord.accepted(Dimension.values())));
            if (colon < 0) {
                throw new RateLimitConfigException(key, "'" + item + "': expected " + dimension.configName() + ":<limit>");
            }
            if (limits.put(dimension, amount(key, dimension, item.substring(colon + 1).trim())) != null) {
                throw new RateLimitConfigException(key, dimension.configName() + " given twice");
            }
        }
        if (limits.isEmpty()) {
            throw new RateLimitConfigException(key, "empty; expected for example messages:10, recipients:50, bytes:10MB");
        }
        return limits;
    }

    private static long amount(String key, Dimension dimension, String text) {
        Matcher m = AMOUNT.matcher(text);
        String unit = m.matches() ? m.group(2).toLowerCase(Locale.ROOT) : null;
        if (unit == null || (dimension != Dimension.BYTES && !unit.isEmpty())) {
            throw new RateLimitConfigException(key, "'" + text + "' is not a " + dimension.configName() + " limit; write a whole number"
                    + (dimension == Dimension.BYTES ? ", optionally with B, KB, MB or GB (1024-based)" : ""));
        }
        long multiplier = unit.startsWith("g") ? 1L << 30 : unit.startsWith("m") ? 1L << 20 : unit.startsWith("k") ? 1L << 10 : 1;
        long n = Long.parseLong(m.group(1));
        if (n < 1 || n > LARGEST_LIMIT / multiplier) {
            throw new RateLimitConfigException(key, "'" + text + "' must be between 1 and " + LARGEST_LIMIT);
        }
        return n * multiplier;
    }

    private static int prefix(String key, String value, int max) {
        if (!value.matches("[0-9]{1,3}") || Integer.parseInt(value) > max) {
            throw new RateLimitConfigException(key, "'" + value + "' is not a prefix length; accepted: 0 to " + max);
        }
        return Integer.parseInt(value);
    }

    private static <T extends ConfigWord> T word(String key, String value, T[] values) {
        return ConfigWord.find(values, value).orElseThrow(() -> new RateLimitConfigException(key,
                "'" + value + "' is not accepted; accepted: " + ConfigWord.accepted(values)));
    }

    private static List<String> list(String value) {
        return Stream.of(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }
}
