package org.mailpolicy.ratelimit;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.mailpolicy.net.Cidr;

/**
 * One rate-limit rule: what the budget is counted per (the key), its windows, and what happens
 * when it is spent. Immutable (it only caches the bucket ids it built lately); build it with
 * {@link #builder(String)} or parse it with {@link RateLimitRules#parse(Map)}.
 */
public final class RateLimitRule {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The ASCII characters a key holds as they are: neither upper case nor escaped (white space included). */
    private static final boolean[] KEPT = new boolean[128];

    static {
        for (char c = 0; c < KEPT.length; c++) {
            KEPT[c] = !(c >= 'A' && c <= 'Z') && !escaped(c);
        }
    }

    private final String name;
    private final List<KeyPart> key;
    private final boolean perRecipient;
    private final int ipv4Prefix;
    private final int ipv6Prefix;
    private final List<RateLimitWindow> windows;
    /** Every window's counters, in order, each costing one unit: what a decision charges when no override applies. */
    private final List<GcraCell> cells;
    /** The fields of {@link #cells}, shared by every update this rule builds. */
    private final String[] fields;
    /** {@code name|part=} for a key of one part that is not per recipient: the bucket id up to the value. */
    private final String head;
    /**
     * The unit updates lately built from a value that was in key form already, by the value's
     * hash: the usual user, sender or HELO name comes back again and again, often as the very
     * same string, so its bucket's update is found by identity or one string comparison instead
     * of being checked and built again. Shared by threads without a lock: a slot holds null or an
     * update built whole, and a racing write only replaces one such with another.
     */
    private final GcraUpdate[] recent = new GcraUpdate[1024];
    private final RateLimitAction action;
    private final FailurePolicy failurePolicy;
    private final ChargeMode chargeMode;
    private final List<Cidr> exemptNetworks;
    private final Set<String> exemptUsers;
    private final Set<String> exemptSenders;
    private final Map<String, Map<String, Map<Dimension, Long>>> userOverrides;
    private final Map<String, Map<String, Map<Dimension, Long>>> domainOverrides;
    /** Whether any exemption or override is configured, asked once per decision instead of four collections. */
    private final boolean exempting;
    private final boolean overriding;

    private RateLimitRule(Builder b) {
        if (!NAME.matcher(b.name).matches()) {
            throw new IllegalArgumentException("rule name '" + b.name + "': use 1 to 64 of A-Z a-z 0-9 _ -");
        }
        if (b.key.isEmpty()) {
            throw new IllegalArgumentException("rule " + b.name + ": needs a key");
        }
        if (b.windows.isEmpty()) {
            throw new IllegalArgumentException("rule " + b.name + ": needs at least one window");
        }
        if (b.ipv4Prefix < 0 || b.ipv4Prefix > 32 || b.ipv6Prefix < 0 || b.ipv6Prefix > 128) {
            throw new IllegalArgumentException("rule " + b.name + ": IPv4 prefix 0-32, IPv6 prefix 0-128");
        }
        this.name = b.name;
        this.key = List.copyOf(b.key);
        this.perRecipient = key.contains(KeyPart.RECIPIENT) || key.contains(KeyPart.RECIPIENT_DOMAIN);
        this.ipv4Prefix = b.ipv4Prefix;
        this.ipv6Prefix = b.ipv6Prefix;
        this.windows = List.copyOf(b.windows.values());
        List<GcraCell> counters = new ArrayList<>();
        windows.forEach(window -> counters.addAll(window.counters()));
        this.cells = List.copyOf(counters);
        this.fields = GcraUpdate.fieldsOf(cells);
        this.head = name + "|" + key.get(0).configName() + "=";
        this.action = b.action;
        this.failurePolicy = b.failurePolicy;
        this.chargeMode = b.chargeMode;
        this.exemptNetworks = List.copyOf(b.exemptNetworks);
        this.exemptUsers = Set.copyOf(b.exemptUsers);
        this.exemptSenders = Set.copyOf(b.exemptSenders);
        this.userOverrides = checkedOverrides(b.userOverrides);
        this.domainOverrides = checkedOverrides(b.domainOverrides);
        this.exempting = !exemptNetworks.isEmpty() || !exemptUsers.isEmpty() || !exemptSenders.isEmpty();
        this.overriding = !userOverrides.isEmpty() || !domainOverrides.isEmpty();
    }

    private Map<String, Map<String, Map<Dimension, Long>>> checkedOverrides(Map<String, Map<String, Map<Dimension, Long>>> overrides) {
        Map<String, Map<String, Map<Dimension, Long>>> copy = new LinkedHashMap<>();
        overrides.forEach((who, byWindow) -> {
            byWindow.forEach((window, limits) -> {
                RateLimitWindow base = windows.stream().filter(w -> w.name().equals(window)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("rule " + name + ": override for " + who
                                + " names window " + window + "; the rule's windows are "
                                + windows.stream().map(RateLimitWindow::name).collect(Collectors.joining(", "))));
                base.withLimits(limits);
            });
            Map<String, Map<Dimension, Long>> windowsCopy = new LinkedHashMap<>();
            byWindow.forEach((window, limits) -> windowsCopy.put(window, Collections.unmodifiableMap(new EnumMap<>(limits))));
            copy.put(who, Collections.unmodifiableMap(windowsCopy));
        });
        return Collections.unmodifiableMap(copy);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The parts the budget is counted per, in the order written. */
    public List<KeyPart> key() {
        return key;
    }

    /** IPv4 client addresses are counted per network of this prefix (32: per address). */
    public int ipv4Prefix() {
        return ipv4Prefix;
    }

    /** IPv6 client addresses are counted per network of this prefix (64: per subnet, as one host usually holds a /64). */
    public int ipv6Prefix() {
        return ipv6Prefix;
    }

    public List<RateLimitWindow> windows() {
        return windows;
    }

    public RateLimitAction action() {
        return action;
    }

    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    public ChargeMode chargeMode() {
        return chargeMode;
    }

    public List<String> exemptNetworks() {
        return exemptNetworks.stream().map(Cidr::toString).collect(Collectors.toUnmodifiableList());
    }

    public Set<String> exemptUsers() {
        return exemptUsers;
    }

    /** Exempt senders: full addresses, or {@code @domain} for a whole domain. */
    public Set<String> exemptSenders() {
        return exemptSenders;
    }

    /** Per authenticated user: window name → the limits that replace the rule's. */
    public Map<String, Map<String, Map<Dimension, Long>>> userOverrides() {
        return userOverrides;
    }

    /** Per domain (of the authenticated user, else of the sender): window name → replacement limits. */
    public Map<String, Map<String, Map<Dimension, Long>>> domainOverrides() {
        return domainOverrides;
    }

    /** True when the request is counted by this rule: not exempt, and it has every identity the key needs. */
    public boolean appliesTo(RateLimitRequest request) {
        return !exempts(request) && (perRecipient ? !bucketsFor(request).isEmpty() : bucketFor(request) != null);
    }

    /** True when the key has a recipient part, so a request may be counted in several buckets. */
    boolean perRecipient() {
        return perRecipient;
    }

    /** The counters of {@link #windows()} (those a request gets from {@link #windowsFor} when no override applies). */
    List<GcraCell> cells() {
        return cells;
    }

    boolean exempts(RateLimitRequest request) {
        // The empty checks keep a rule without exemptions free of per-decision work.
        if (!exempting) {
            return false;
        }
        Optional<InetAddress> ip = request.clientIp();
        if (!exemptNetworks.isEmpty() && ip.isPresent() && exemptNetworks.stream().anyMatch(n -> n.contains(ip.get()))) {
            return true;
        }
        if (!exemptUsers.isEmpty() && request.user().map(RateLimitRule::lower).filter(exemptUsers::contains).isPresent()) {
            return true;
        }
        if (exemptSenders.isEmpty()) {
            return false;
        }
        Optional<String> sender = request.sender().map(RateLimitRule::lower).filter(s -> !s.isEmpty());
        return sender.isPresent()
                && (exemptSenders.contains(sender.get()) || exemptSenders.contains("@" + domainOf(sender.get())));
    }

    /** The windows that apply to this request: the rule's, with a user override or else a domain override applied. */
    List<RateLimitWindow> windowsFor(RateLimitRequest request) {
        if (!overriding) {
            return windows;
        }
        Optional<String> user = request.user().map(RateLimitRule::lower);
        Map<String, Map<Dimension, Long>> override = user.map(userOverrides::get).orElse(null);
        if (override == null) {
            Optional<String> domain = user.filter(u -> u.indexOf('@') >= 0).or(() -> request.sender().map(RateLimitRule::lower))
                    .map(RateLimitRule::domainOf);
            override = domain.map(domainOverrides::get).orElse(null);
        }
        if (override == null) {
            return windows;
        }
        List<RateLimitWindow> result = new ArrayList<>();
        for (RateLimitWindow w : windows) {
            Map<Dimension, Long> limits = override.get(w.name());
            result.add(limits == null ? w : w.withLimits(limits));
        }
        return result;
    }

    /**
     * The keys this request is counted under, with the recipients charged to each: one key,
     * or one per distinct recipient (domain) when the key has a recipient part. Empty when the
     * request lacks an identity the key needs.
     */
    Map<String, Long> keysFor(RateLimitRequest request) {
        Map<String, Long> keys = new LinkedHashMap<>();
        if (perRecipient) {
            bucketsFor(request).forEach((bucket, recipients) -> keys.put(bucket.key(), recipients));
        } else {
            BucketId bucket = bucketFor(request);
            if (bucket != null) {
                keys.put(bucket.key(), request.recipientCount());
            }
        }
        return keys;
    }

    /**
     * The one bucket of a rule whose key has no recipient part; null when the request lacks an
     * identity the key needs.
     */
    BucketId bucketFor(RateLimitRequest request) {
        GcraUpdate unit = unitUpdateFor(request);
        return unit == null ? null : unit.bucketId();
    }

    /**
     * The update charging one unit of each of {@link #cells()} to the one bucket of a rule whose
     * key has no recipient part; null when the request lacks an identity the key needs.
     */
    GcraUpdate unitUpdateFor(RateLimitRequest request) {
        if (key.size() == 1) {
            // The usual rule counts per one identity: the id is the rule's head and the value.
            String raw = textValue(key.get(0), request);
            int slot = raw == null ? 0 : raw.hashCode() & (recent.length - 1);
            GcraUpdate known = raw == null ? null : recent[slot];
            if (known != null && (known.bucketId().value() == raw || raw.equals(known.bucketId().value()))) {
                return known;
            }
            String value = fixedValue(key.get(0), request);
            if (value == null) {
                return null;
            }
            GcraUpdate unit = new GcraUpdate(new BucketId(head, value), updateMode(), cells, fields);
            if (value == raw) {
                recent[slot] = unit;
            }
            return unit;
        }
        StringBuilder fixed = fixedParts(request);
        return fixed == null ? null : new GcraUpdate(BucketId.parse(name + "|" + fixed), updateMode(), cells, fields);
    }

    /** How this rule's updates charge a bucket. */
    GcraUpdate.Mode updateMode() {
        return chargeMode == ChargeMode.STRICT ? GcraUpdate.Mode.STRICT : GcraUpdate.Mode.LEAKY;
    }

    /** The buckets of a rule whose key has a recipient part: one per distinct recipient (domain), with its recipients. */
    Map<BucketId, Long> bucketsFor(RateLimitRequest request) {
        StringBuilder fixed = fixedParts(request);
        if (fixed == null) {
            return Map.of();
        }
        Map<BucketId, Long> buckets = new LinkedHashMap<>();
        for (String recipient : request.recipients()) {
            String address = lower(recipient);
            if (address.isEmpty()) {
                continue;
            }
            StringBuilder k = new StringBuilder(fixed);
            for (KeyPart part : key) {
                if (part == KeyPart.RECIPIENT) {
                    append(k, part, escape(address));
                } else if (part == KeyPart.RECIPIENT_DOMAIN) {
                    append(k, part, escape(domainOf(address)));
                }
            }
            buckets.merge(BucketId.parse(name + "|" + k), 1L, Long::sum);
        }
        return buckets;
    }

    /** The key's parts other than recipient ones, written out; null when the request lacks one. */
    private StringBuilder fixedParts(RateLimitRequest request) {
        StringBuilder fixed = new StringBuilder(64);
        for (KeyPart part : key) {
            if (part == KeyPart.RECIPIENT || part == KeyPart.RECIPIENT_DOMAIN) {
                continue;
            }
            String value = fixedValue(part, request);
            if (value == null) {
                return null;
            }
            append(fixed, part, value);
        }
        return fixed;
    }

    /** The request's text for a user, HELO or sender part, as given; null for other parts or when absent. */
    private static String textValue(KeyPart part, RateLimitRequest request) {
        switch (part) {
            case USER:
                return request.userOrNull();
            case HELO:
                return request.heloOrNull();
            case SENDER:
                return request.senderOrNull();
            default:
                return null;
        }
    }

    /** The part's value in the request as a key holds it (in lower case, escaped); null when the request lacks it. */
    private String fixedValue(KeyPart part, RateLimitRequest request) {
        switch (part) {
            case USER:
                return nonEmpty(keyForm(request.userOrNull()));
            case IP: {
                InetAddress ip = request.clientIpOrNull();
                return ip == null ? null : escape(Cidr.aggregate(ip, ipv4Prefix, ipv6Prefix));
            }
            case HELO:
                return nonEmpty(keyForm(request.heloOrNull()));
            case SENDER: {
                String sender = keyForm(request.senderOrNull());
                return sender == null || !sender.isEmpty() ? sender : "<>";
            }
            case SENDER_DOMAIN: {
                String sender = lower(request.senderOrNull());
                return sender == null || sender.indexOf('@') < 0 ? null : escape(domainOf(sender));
            }
            case GLOBAL:
                return "*";
            default:
                throw new IllegalStateException("recipient parts are handled per recipient");
        }
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** A key's part, its value already in key form. */
    private static void append(StringBuilder key, KeyPart part, String value) {
        if (key.length() > 0) {
            key.append(',');
        }
        key.append(part.configName()).append('=').append(value);
    }

    /**
     * The value trimmed, in lower case and escaped, as a key holds it; the value itself, not
     * copied, when it already is (the usual case: one pass over it, no new string); null for null.
     */
    private static String keyForm(String value) {
        if (value == null) {
            return null;
        }
        return inKeyForm(value) ? value : escape(lower(value));
    }

    private static boolean inKeyForm(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= KEPT.length || !KEPT[c]) {
                return false;
            }
        }
        return true;
    }

    /** The value escaped ({@code %2c}) so that it cannot pose as another key; itself when it holds nothing to escape. */
    private static String escape(String value) {
        int first = firstToEscape(value);
        if (first < 0) {
            return value;
        }
        StringBuilder key = new StringBuilder(value.length() + 8).append(value, 0, first);
        // Escaped so that a value holding ',' or '=' cannot pose as another key, nor '{' '}' cut
        // the Redis hash tag short.
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            if (escaped(c)) {
                key.append('%').append(Character.forDigit(c >> 4 & 0xF, 16)).append(Character.forDigit(c & 0xF, 16));
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    /** The index of the first character to escape, -1 when the value goes into the key as it is (the usual case). */
    private static int firstToEscape(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (escaped(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean escaped(char c) {
        return c == '%' || c == ',' || c == '=' || c == '|' || c == '{' || c == '}' || c <= ' ' || c == 0x7f;
    }

    /** The windows for a key as {@link #keysFor} wrote it: the user's or domain's override applies as it did then. */
    List<RateLimitWindow> windowsForKey(String keyText) {
        RateLimitRequest.Builder request = RateLimitRequest.builder();
        for (String part : keyText.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = part.substring(0, eq);
            String value = unescape(part.substring(eq + 1));
            if (name.equals(KeyPart.USER.configName())) {
                request.user(value);
            } else if (name.equals(KeyPart.SENDER.configName())) {
                request.sender(value);
            } else if (name.equals(KeyPart.SENDER_DOMAIN.configName())) {
                request.sender("@" + value);
            }
        }
        return windowsFor(request.build());
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int hi = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
            int lo = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
            if (c == '%' && hi >= 0 && lo >= 0) {
                out.append((char) (hi << 4 | lo));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Trimmed and in lower case; null for null. */
    static String lower(String s) {
        return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? address : address.substring(at + 1);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RateLimitRule)) {
            return false;
        }
        RateLimitRule r = (RateLimitRule) o;
        return name.equals(r.name) && key.equals(r.key) && ipv4Prefix == r.ipv4Prefix && ipv6Prefix == r.ipv6Prefix
                && windows.equals(r.windows) && action == r.action && failurePolicy == r.failurePolicy
                && chargeMode == r.chargeMode && exemptNetworks.equals(r.exemptNetworks)
                && exemptUsers.equals(r.exemptUsers) && exemptSenders.equals(r.exemptSenders)
                && userOverrides.equals(r.userOverrides) && domainOverrides.equals(r.domainOverrides);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, key, windows);
    }

    @Override
    public String toString() {
        return "rule " + name + " key=" + key.stream().map(KeyPart::configName).collect(Collectors.joining("+")) + " " + windows;
    }

    public static final class Builder {
        private final String name;
        private final Set<KeyPart> key = new LinkedHashSet<>();
        private int ipv4Prefix = 32;
        private int ipv6Prefix = 64;
        private final Map<String, RateLimitWindow> windows = new LinkedHashMap<>();
        private RateLimitAction action = RateLimitAction.TEMPFAIL;
        private FailurePolicy failurePolicy = FailurePolicy.FAIL_OPEN;
        private ChargeMode chargeMode = ChargeMode.LEAKY;
        private final List<Cidr> exemptNetworks = new ArrayList<>();
        private final Set<String> exemptUsers = new LinkedHashSet<>();
        private final Set<String> exemptSenders = new LinkedHashSet<>();
        private final Map<String, Map<String, Map<Dimension, Long>>> userOverrides = new LinkedHashMap<>();
        private final Map<String, Map<String, Map<Dimension, Long>>> domainOverrides = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder key(KeyPart... parts) {
            key.addAll(List.of(parts));
            return this;
        }

        public Builder ipv4Prefix(int prefix) {
            this.ipv4Prefix = prefix;
            return this;
        }

        public Builder ipv6Prefix(int prefix) {
            this.ipv6Prefix = prefix;
            return this;
        }

        public Builder window(RateLimitWindow window) {
            if (windows.putIfAbsent(window.name(), window) != null) {
                throw new IllegalArgumentException("rule " + name + ": window " + window.name() + " given twice");
            }
            return this;
        }

        public Builder action(RateLimitAction action) {
            this.action = Objects.requireNonNull(action);
            return this;
        }

        public Builder failurePolicy(FailurePolicy failurePolicy) {
            this.failurePolicy = Objects.requireNonNull(failurePolicy);
            return this;
        }

        public Builder chargeMode(ChargeMode chargeMode) {
            this.chargeMode = Objects.requireNonNull(chargeMode);
            return this;
        }

        /** Exempts a network ({@code 10.0.0.0/8}) or an address. */
        public Builder exemptNetwork(String cidr) {
            exemptNetworks.add(Cidr.parse(cidr).orElseThrow(() -> new IllegalArgumentException(
                    "rule " + name + ": '" + cidr + "' is not an IPv4 or IPv6 network (address/prefix)")));
            return this;
        }

        public Builder exemptUser(String user) {
            exemptUsers.add(lower(user));
            return this;
        }

        /** Exempts a sender address, or a whole domain written {@code @example.com}. */
        public Builder exemptSender(String sender) {
            exemptSenders.add(lower(sender));
            return this;
        }

        public Builder userOverride(String user, String window, Map<Dimension, Long> limits) {
            userOverrides.computeIfAbsent(lower(user), u -> new LinkedHashMap<>()).put(window, limits);
            return this;
        }

        public Builder domainOverride(String domain, String window, Map<Dimension, Long> limits) {
            domainOverrides.computeIfAbsent(lower(domain), d -> new LinkedHashMap<>()).put(window, limits);
            return this;
        }

        public RateLimitRule build() {
            return new RateLimitRule(this);
        }
    }
}
