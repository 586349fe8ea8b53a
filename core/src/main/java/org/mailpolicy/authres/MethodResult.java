package org.mailpolicy.authres;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** RFC 8601 §2.2 {@code resinfo}: one method's result, an optional reason and its properties. */
public final class MethodResult {

    private final String method;
    private final String result;
    private final String reason;
    private final List<ResultProperty> properties;

    private MethodResult(String method, String result, String reason, List<ResultProperty> properties) {
        this.method = Objects.requireNonNull(method, "method");
        this.result = Objects.requireNonNull(result, "result");
        this.reason = reason;
        this.properties = List.copyOf(properties);
    }

    public static Builder builder(String method, String result) {
        return new Builder(method, result);
    }

    public String method() {
        return method;
    }

    public String result() {
        return result;
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    public List<ResultProperty> properties() {
        return properties;
    }

    /** The value of the first property {@code ptype.property}, if present. */
    public Optional<String> property(String ptype, String property) {
        return properties.stream()
                .filter(p -> p.ptype().equalsIgnoreCase(ptype) && p.property().equalsIgnoreCase(property))
                .map(ResultProperty::value)
                .findFirst();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MethodResult)) {
            return false;
        }
        MethodResult that = (MethodResult) o;
        return method.equals(that.method) && result.equals(that.result) && Objects.equals(reason, that.reason)
                && properties.equals(that.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, result, reason, properties);
    }

    @Override
    public String toString() {
        return method + "=" + result + (reason == null ? "" : " reason=" + reason) + " " + properties;
    }

    public static final class Builder {
        private final String method;
        private final String result;
        private String reason;
        private final List<ResultProperty> properties = new ArrayList<>();

        private Builder(String method, String result) {
            this.method = method;
            this.result = result;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder property(String ptype, String property, String value) {
            properties.add(new ResultProperty(ptype, property, value));
            return this;
        }

        public MethodResult build() {
            return new MethodResult(method, result, reason, properties);
        }
    }
}
