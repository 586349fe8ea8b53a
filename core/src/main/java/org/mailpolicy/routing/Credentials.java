package org.mailpolicy.routing;

import java.util.Objects;

/**
 * A user name and password for SMTP AUTH, read from the secrets file. The password appears in
 * no {@code toString()}, no log line and no error message; only {@link #password()} returns it.
 */
public final class Credentials {

    private final String name;
    private final String user;
    private final String password;

    Credentials(String name, String user, String password) {
        this.name = Objects.requireNonNull(name, "name");
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
    }

    /** The name a route's {@code auth=} option refers to. */
    public String name() {
        return name;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public String toString() {
        return "Credentials[" + name + ", user=" + user + ", password=(hidden)]";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Credentials)) {
            return false;
        }
        Credentials other = (Credentials) o;
        return name.equals(other.name) && user.equals(other.user) && password.equals(other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, user, password);
    }
}
