package org.mailpolicy.authres;

import java.util.Objects;

/** RFC 8601 §2.2 {@code propspec}: {@code ptype.property=pvalue}, for example {@code smtp.mailfrom=example.com}. */
public final class ResultProperty {

    private final String ptype;
    private final String property;
    private final String value;

    public ResultProperty(String ptype, String property, String value) {
        this.ptype = Objects.requireNonNull(ptype, "ptype");
        this.property = Objects.requireNonNull(property, "property");
        this.value = Objects.requireNonNull(value, "value");
    }

    public String ptype() {
        return ptype;
    }

    public String property() {
        return property;
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ResultProperty)) {
            return false;
        }
        ResultProperty that = (ResultProperty) o;
        return ptype.equals(that.ptype) && property.equals(that.property) && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ptype, property, value);
    }

    @Override
    public String toString() {
        return ptype + "." + property + "=" + value;
    }
}
