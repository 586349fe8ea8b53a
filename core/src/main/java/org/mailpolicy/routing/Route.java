package org.mailpolicy.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how mail for a recipient goes: one line's route and options from the routing table.
 * Immutable; {@link #toString()} and {@link #toMap()} name the credentials but never the password.
 */
public final class Route {

    /** Postfix {@code error:} without a status code bounces with 5.0.0 (RFC 3463 §3.1: other or undefined status). */
    static final String DEFAULT_REFUSE_STATUS = "5.0.0";
    static final String DEFAULT_HOLD_REPOSITORY = "hold";

    private final RouteKind kind;
    private final String mxDomain;
    private final List<RelayHost> relays;
    private final String refuseStatus;
    private final String refuseText;
    private final String holdRepository;
    private final String name;
    private final Credentials credentials;
    private final TlsPolicy tls;
    private final String helo;
    private final String bindAddress;

    private Route(Builder b) {
        this.kind = Objects.requireNonNull(b.kind, "kind");
        this.mxDomain = b.mxDomain;
        this.relays = Collections.unmodifiableList(new ArrayList<>(b.relays));
        this.refuseStatus = b.refuseStatus;
        this.refuseText = b.refuseText;
        this.holdRepository = b.holdRepository;
        this.name = b.name;
        this.credentials = b.credentials;
        this.tls = b.tls;
        this.helo = b.helo;
        this.bindAddress = b.bindAddress;
    }

    /** The route used when no table entry matches: SMTP to the MX hosts of the recipient's domain. */
    static Route direct() {
        return builder(RouteKind.DIRECT).build();
    }

    static Builder builder(RouteKind kind) {
        return new Builder(kind);
    }

    public RouteKind kind() {
        return kind;
    }

    /** For {@link RouteKind#MX}: the domain whose MX hosts receive the mail, as an A-label. */
    public Optional<String> mxDomain() {
        return Optional.ofNullable(mxDomain);
    }

    /** For {@link RouteKind#RELAY}: the relays in the order they are tried; empty for other kinds. */
    public List<RelayHost> relays() {
        return relays;
    }

    /** For {@link RouteKind#REFUSE}: the RFC 3463 enhanced status code of the bounce, {@code 5.0.0} unless the table gives one. */
    public Optional<String> refuseStatus() {
        return Optional.ofNullable(refuseStatus);
    }

    /** For {@link RouteKind#REFUSE}: the text of the bounce, without the status code. */
    public Optional<String> refuseText() {
        return Optional.ofNullable(refuseText);
    }

    /** For {@link RouteKind#HOLD}: the repository that keeps the mail. */
    public Optional<String> holdRepository() {
        return Optional.ofNullable(holdRepository);
    }

    /** The {@code name=} option: the admin's name for the route (the key of its delivery queue). */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** The {@code auth=} option resolved against the secrets file. */
    public Optional<Credentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** The {@code tls=} option; {@link TlsPolicy#MAY} when the line gives none. Meaningful for SMTP kinds only. */
    public TlsPolicy tls() {
        return tls;
    }

    /** The {@code helo=} option: the name to announce in EHLO, as an A-label. */
    public Optional<String> helo() {
        return Optional.ofNullable(helo);
    }

    /** The {@code bind=} option: the local IP address to connect from. */
    public Optional<String> bindAddress() {
        return Optional.ofNullable(bindAddress);
    }

    /** The route and its options in canonical table syntax, without {@code name=}: equal specs deliver alike. */
    public String spec() {
        StringBuilder s = new StringBuilder(kind.word());
        switch (kind) {
            case MX:
                s.append(':').append(mxDomain);
                break;
            case RELAY:
                s.append(':');
                for (int i = 0; i < relays.size(); i++) {
                    s.append(i == 0 ? "" : ", ").append(relays.get(i));
                }
                break;
            case REFUSE:
                s.append(':').append(refuseStatus).append(' ').append(refuseText);
                break;
            case HOLD:
                s.append(':').append(holdRepository);
                break;
            default:
                break;
        }
        if (kind.isSmtp()) {
            s.append(" tls=").append(tls.word());
            if (credentials != null) {
                s.append(" auth=").append(credentials.name());
            }
            if (helo != null) {
                s.append(" helo=").append(helo);
            }
            if (bindAddress != null) {
                s.append(" bind=").append(bindAddress);
            }
        }
        return s.toString();
    }

    /** JSON-friendly view (strings, numbers, booleans, lists, maps); credentials by name only. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.word());
        name().ifPresent(v -> m.put("name", v));
        mxDomain().ifPresent(v -> m.put("mxDomain", v));
        if (kind == RouteKind.RELAY) {
            List<Map<String, Object>> hops = new ArrayList<>();
            for (RelayHost r : relays) {
                Map<String, Object> hop = new LinkedHashMap<>();
                hop.put("host", r.host());
                hop.put("port", r.port());
                hop.put("mxLookup", r.mxLookup());
                hops.add(hop);
            }
            m.put("relays", hops);
        }
        refuseStatus().ifPresent(v -> m.put("refuseStatus", v));
        refuseText().ifPresent(v -> m.put("refuseText", v));
        holdRepository().ifPresent(v -> m.put("holdRepository", v));
        if (kind.isSmtp()) {
            m.put("tls", tls.word());
            credentials().ifPresent(c -> m.put("auth", c.name()));
            helo().ifPresent(v -> m.put("helo", v));
            bindAddress().ifPresent(v -> m.put("bind", v));
        }
        m.put("spec", spec());
        return m;
    }

    @Override
    public String toString() {
        return name == null ? spec() : spec() + " name=" + name;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Route)) {
            return false;
        }
        Route other = (Route) o;
        return spec().equals(other.spec()) && Objects.equals(name, other.name)
                && Objects.equals(credentials, other.credentials);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec(), name);
    }

    static final class Builder {
        private final RouteKind kind;
        private String mxDomain;
        private final List<RelayHost> relays = new ArrayList<>();
        private String refuseStatus;
        private String refuseText;
        private String holdRepository;
        private String name;
        private Credentials credentials;
        private TlsPolicy tls = TlsPolicy.MAY;
        private String helo;
        private String bindAddress;

        private Builder(RouteKind kind) {
            this.kind = kind;
        }

        RouteKind kind() {
            return kind;
        }

        Builder mxDomain(String domain) {
            this.mxDomain = domain;
            return this;
        }

        Builder relay(RelayHost relay) {
            this.relays.add(relay);
            return this;
        }

        Builder refuse(String status, String text) {
            this.refuseStatus = status;
            this.refuseText = text;
            return this;
        }

        Builder holdRepository(String repository) {
            this.holdRepository = repository;
            return this;
        }

        Builder name(String name) {
            this.name = name;
            return this;
        }

        Builder credentials(Credentials credentials) {
            this.credentials = credentials;
            return this;
        }

        Builder tls(TlsPolicy tls) {
            this.tls = tls;
            return this;
        }

        Builder helo(String helo) {
            this.helo = helo;
            return this;
        }

        Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        Route build() {
            return new Route(this);
        }
    }
}
