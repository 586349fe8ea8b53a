package org.mailpolicy.dmarcreport;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an RFC 5322 §3.3 date-time, with the obsolete forms of §4.3 that reports still carry: two- and
 * three-digit years, zone names ({@code EDT}, {@code GMT}) and comments. Never throws.
 */
final class Rfc5322Date {

    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
            "oct", "nov", "dec");
    /** RFC 5322 §4.3 obs-zone. */
    private static final Map<String, Integer> ZONES = Map.of("ut", 0, "gmt", 0, "est", -5, "edt", -4, "cst", -6,
            "cdt", -5, "mst", -7, "mdt", -6, "pst", -8, "pdt", -7);

    private Rfc5322Date() {
    }

    static Optional<Instant> parse(String text) {
        String[] tokens = withoutComments(text).replace(',', ' ').strip().split("\\s+");
        int i = 0;
        if (i < tokens.length && !tokens[i].isEmpty() && Character.isLetter(tokens[i].charAt(0))) {
            i++;
        }
        if (tokens.length - i < 4) {
            return Optional.empty();
        }
        try {
            int day = Integer.parseInt(tokens[i]);
            int month = MONTHS.indexOf(tokens[i + 1].toLowerCase(Locale.ROOT)) + 1;
            String yearText = tokens[i + 2];
            int year = Integer.parseInt(yearText);
            // RFC 5322 §4.3: two digits below 50 are 20xx, other two- and three-digit years add 1900.
            if (yearText.length() == 2) {
                year += year < 50 ? 2000 : 1900;
            } else if (yearText.length() == 3) {
                year += 1900;
            }
            String[] time = tokens[i + 3].split(":");
            if (month == 0 || time.length < 2 || time.length > 3 || yearText.length() > 4) {
                return Optional.empty();
            }
            LocalDateTime local = LocalDateTime.of(year, month, day, Integer.parseInt(time[0]), Integer.parseInt(time[1]),
                    time.length == 3 ? Integer.parseInt(time[2]) : 0);
            int offsetSeconds = i + 4 < tokens.length ? offset(tokens[i + 4]) : 0;
            return Optional.of(local.toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds)));
        } catch (NumberFormatException | DateTimeException e) {
            return Optional.empty();
        }
    }

    /** {@code +hhmm}/{@code -hhmm}, or an obs-zone; military and unknown zones are {@code -0000} (RFC 5322 §4.3). */
    private static int offset(String zone) {
        if (zone.length() == 5 && (zone.charAt(0) == '+' || zone.charAt(0) == '-')) {
            int hhmm = Integer.parseInt(zone.substring(1));
            int seconds = (hhmm / 100) * 3600 + (hhmm % 100) * 60;
            if (hhmm % 100 > 59 || seconds > 18 * 3600) {
                throw new NumberFormatException("zone out of range: " + zone);
            }
            return zone.charAt(0) == '-' ? -seconds : seconds;
        }
        return ZONES.getOrDefault(zone.toLowerCase(Locale.ROOT), 0) * 3600;
    }

    private static String withoutComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
