package org.mailpolicy.it.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A DNS zone served by the test NSD: either a primary with records written as zone-file lines
 * relative to the origin ({@code "@ TXT \"v=spf1 -all\""}, {@code "mail A 192.0.2.1"}), or a
 * zone whose every answer is SERVFAIL (a secondary whose primary never answers: NSD has no
 * data for it and says so with SERVFAIL).
 */
public final class Zone {

    private final String origin;
    private final boolean servfail;
    private final List<String> records;

    private Zone(String origin, boolean servfail, List<String> records) {
        this.origin = normalise(origin);
        this.servfail = servfail;
        this.records = List.copyOf(records);
    }

    /** A primary zone; SOA and NS records are added unless the lines give their own SOA. */
    public static Zone primary(String origin, String... records) {
        return new Zone(origin, false, List.of(records));
    }

    /** A zone NSD answers SERVFAIL for, at its apex and below. */
    public static Zone servfail(String origin) {
        return new Zone(origin, true, List.of());
    }

    /** A copy of this primary zone with one more record line. */
    public Zone record(String line) {
        if (servfail) {
            throw new IllegalStateException("zone " + origin + " answers SERVFAIL: it cannot hold records");
        }
        List<String> more = new ArrayList<>(records);
        more.add(line);
        return new Zone(origin, false, more);
    }

    public String origin() {
        return origin;
    }

    boolean isServfail() {
        return servfail;
    }

    String zoneFile() {
        StringBuilder file = new StringBuilder()
                .append("$ORIGIN ").append(origin).append(".\n")
                .append("$TTL 300\n");
        boolean ownSoa = records.stream().anyMatch(line -> line.toUpperCase(Locale.ROOT).matches(".*\\bSOA\\b.*"));
        if (!ownSoa) {
            file.append("@ IN SOA ns.").append(origin).append(". hostmaster.").append(origin)
                    .append(". 1 3600 600 86400 300\n")
                    .append("@ IN NS ns.").append(origin).append(".\n");
        }
        records.forEach(line -> file.append(line).append('\n'));
        return file.toString();
    }

    private static String normalise(String origin) {
        String name = origin.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Zone)) {
            return false;
        }
        Zone zone = (Zone) other;
        return origin.equals(zone.origin) && servfail == zone.servfail && records.equals(zone.records);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, servfail, records);
    }

    @Override
    public String toString() {
        return servfail ? origin + " (SERVFAIL)" : origin + " " + records;
    }
}
