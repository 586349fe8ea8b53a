package org.mailpolicy.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the table file: {@code [recipient]}, {@code [sender]} and {@code [default]} sections of
 * {@code key route [options]} lines. As in Postfix lookup tables (postmap(1)), a line whose
 * first character is white space continues the previous line, and {@code #} starts a comment
 * only as the first non-blank character.
 */
final class TableParser {

    private static final String SECTIONS = "[recipient], [sender], [default]";

    private final String source;
    private final RouteSecrets secrets;
    private final List<RoutingTableException.Problem> problems = new ArrayList<>();
    private final Map<String, TableEntry> recipients = new LinkedHashMap<>();
    private final Map<String, TableEntry> senders = new LinkedHashMap<>();
    private final Map<String, TableEntry> namedRoutes = new HashMap<>();
    private TableEntry defaultEntry;
    private String section;

    private TableParser(String source, RouteSecrets secrets) {
        this.source = source;
        this.secrets = secrets;
    }

    static RoutingTable parse(String source, String text, RouteSecrets secrets) {
        TableParser parser = new TableParser(source, secrets);
        for (LogicalLine line : logicalLines(text, parser.problems)) {
            parser.accept(line);
        }
        if (!parser.problems.isEmpty()) {
            parser.problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
            throw new RoutingTableException(source, parser.problems);
        }
        return new RoutingTable(source, parser.recipients, parser.senders, parser.defaultEntry);
    }

    private void accept(LogicalLine line) {
        try {
            if (line.text.startsWith("[")) {
                section(line.text);
            } else {
                entry(line);
            }
        } catch (LineError e) {
            problems.add(new RoutingTableException.Problem(line.number, e.getMessage()));
        }
    }

    private void section(String header) throws LineError {
        String name = header.toLowerCase(Locale.ROOT);
        if (!name.equals("[recipient]") && !name.equals("[sender]") && !name.equals("[default]")) {
            throw new LineError("`" + header + "` is not a section; accepted: " + SECTIONS
                    + " (a line starting with [ is a section header)");
        }
        section = name;
    }

    private void entry(LogicalLine line) throws LineError {
        if (section == null) {
            throw new LineError("entry before any section; start with one of " + SECTIONS);
        }
        List<String> tokens = RouteParser.tokens(line.text);
        TableEntry entry;
        switch (section) {
            case "[recipient]":
                entry = keyed(line, KeyParser.recipient(tokens.get(0)), tokens, recipients);
                break;
            case "[sender]":
                entry = keyed(line, KeyParser.sender(tokens.get(0)), tokens, senders);
                break;
            default:
                if (tokens.get(0).equals(KeyParser.WILDCARD)) {
                    throw new LineError("[default] entries have no key: write the route alone, e.g. `relay:[smarthost.example]:587`");
                }
                if (defaultEntry != null) {
                    throw new LineError("[default] holds one route, already given on line " + defaultEntry.line());
                }
                entry = new TableEntry("", RouteParser.parse(tokens, secrets), line.number, line.text);
                defaultEntry = entry;
                break;
        }
        checkName(entry);
    }

    private TableEntry keyed(LogicalLine line, String key, List<String> tokens, Map<String, TableEntry> into) throws LineError {
        TableEntry earlier = into.get(key);
        if (earlier != null) {
            throw new LineError("key `" + key + "` is already on line " + earlier.line() + " of " + section);
        }
        if (tokens.size() < 2) {
            throw new LineError("`" + tokens.get(0) + "` has no route; accepted: " + RouteParser.ROUTE_FORMS);
        }
        TableEntry entry = new TableEntry(key, RouteParser.parse(tokens.subList(1, tokens.size()), secrets), line.number, line.text);
        into.put(key, entry);
        return entry;
    }

    /** A name stands for one route (one delivery queue): the same name on two different routes is a mistake. */
    private void checkName(TableEntry entry) throws LineError {
        Route route = entry.route();
        if (route.name().isEmpty()) {
            return;
        }
        TableEntry first = namedRoutes.putIfAbsent(route.name().get(), entry);
        if (first != null && !first.route().equals(route)) {
            throw new LineError("name=" + route.name().get() + " is already the name of a different route on line "
                    + first.line() + " (" + first.route().spec() + ")");
        }
    }

    private static List<LogicalLine> logicalLines(String text, List<RoutingTableException.Problem> problems) {
        List<LogicalLine> lines = new ArrayList<>();
        String[] physical = text.split("\r?\n|\r", -1);
        LogicalLine current = null;
        for (int i = 0; i < physical.length; i++) {
            String raw = physical[i];
            String trimmed = raw.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(raw.charAt(0))) {
                if (current == null || current.text.startsWith("[")) {
                    problems.add(new RoutingTableException.Problem(i + 1,
                            "a line starting with white space continues the entry above it, and there is none; remove the indentation"));
                } else {
                    current = new LogicalLine(current.number, current.text + " " + trimmed);
                    lines.set(lines.size() - 1, current);
                }
                continue;
            }
            current = new LogicalLine(i + 1, trimmed);
            lines.add(current);
        }
        return lines;
    }

    private static final class LogicalLine {
        final int number;
        final String text;

        LogicalLine(int number, String text) {
            this.number = number;
            this.text = text;
        }
    }
}
