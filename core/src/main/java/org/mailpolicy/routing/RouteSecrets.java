package org.mailpolicy.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The secrets file: one {@code name = user:password} per line, {@code #} comments. Kept apart
 * from the routing table so that the table can be shown, diffed and logged. Error messages
 * name the line but never quote it, since it holds a password.
 */
public final class RouteSecrets {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String FORM = "expected `name = user:password` (name: letters, digits, `.`, `_`, `-`)";

    private final String source;
    private final Map<String, Credentials> byName;

    private RouteSecrets(String source, Map<String, Credentials> byName) {
        this.source = source;
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** No secrets: a table whose routes use {@code auth=} does not load against this. */
    public static RouteSecrets none() {
        return new RouteSecrets("(no secrets file)", new TreeMap<>());
    }

    /** Reads a secrets file's text; {@code source} names the file in error messages. */
    public static RouteSecrets parse(String source, String text) {
        Map<String, Credentials> byName = new TreeMap<>();
        Map<String, Integer> lineOf = new TreeMap<>();
        List<RoutingTableException.Problem> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            int colon = eq < 0 ? -1 : line.indexOf(':', eq);
            if (eq < 0 || colon < 0) {
                problems.add(new RoutingTableException.Problem(lineNumber, FORM));
                continue;
            }
            String name = line.substring(0, eq).trim();
            String user = line.substring(eq + 1, colon).trim();
            String password = line.substring(colon + 1).trim();
            if (!NAME.matcher(name).matches() || user.isEmpty() || password.isEmpty()) {
                problems.add(new RoutingTableException.Problem(lineNumber, FORM + "; name, user and password must not be empty"));
            } else if (byName.containsKey(name)) {
                problems.add(new RoutingTableException.Problem(lineNumber,
                        "secret `" + name + "` is already defined on line " + lineOf.get(name)));
            } else {
                byName.put(name, new Credentials(name, user, password));
                lineOf.put(name, lineNumber);
            }
        }
        if (!problems.isEmpty()) {
            throw new RoutingTableException(source, problems);
        }
        return new RouteSecrets(source, byName);
    }

    Optional<Credentials> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    String source() {
        return source;
    }

    @Override
    public String toString() {
        return "RouteSecrets[" + source + ", names=" + byName.keySet() + "]";
    }
}
