package org.mailpolicy.dmarcreport;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Content-Type or Content-Disposition value (RFC 2045 §5.1, RFC 2183 §2): the lower-cased value
 * before the first {@code ;} and its parameters, names lower-cased, quotes removed, RFC 2231
 * continuations joined and {@code name*=charset''percent-encoded} values decoded.
 */
final class MimeHeaderValue {

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");

    private final String value;
    private final Map<String, String> parameters;

    private MimeHeaderValue(String value, Map<String, String> parameters) {
        this.value = value;
        this.parameters = parameters;
    }

    static MimeHeaderValue parse(String field) {
        String text = field.replace("\r\n", "").replace('\t', ' ');
        int semicolon = indexOutsideQuotes(text, 0);
        String value = (semicolon < 0 ? text : text.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        Map<String, String> raw = new HashMap<>();
        Map<String, TreeMap<Integer, String>> continued = new HashMap<>();
        int pos = semicolon;
        while (pos >= 0 && pos < text.length()) {
            int next = indexOutsideQuotes(text, pos + 1);
            String parameter = text.substring(pos + 1, next < 0 ? text.length() : next).strip();
            pos = next;
            int equals = parameter.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String name = parameter.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String parameterValue = unquote(parameter.substring(equals + 1).strip());
            int star = name.indexOf('*');
            if (star > 0 && star < name.length() - 1) {
                // RFC 2231 §3: name*0, name*1*, ... joined in order; the first section carries the charset.
                String section = name.substring(star + 1);
                boolean encoded = section.endsWith("*");
                String digits = encoded ? section.substring(0, section.length() - 1) : section;
                try {
                    int index = Integer.parseInt(digits);
                    if (index < 1000) {
                        continued.computeIfAbsent(name.substring(0, star), k -> new TreeMap<>())
                                .put(index, (encoded ? "*" : "=") + parameterValue);
                    }
                } catch (NumberFormatException notASection) {
                    // not a continuation: ignored, as RFC 2045 §5.1 ignores unknown parameters
                }
            } else {
                raw.putIfAbsent(name, parameterValue);
            }
        }
        Map<String, String> parameters = new HashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            if (e.getKey().endsWith("*")) {
                parameters.put(e.getKey().substring(0, e.getKey().length() - 1), decode2231(e.getValue(), true));
            }
        }
        for (Map.Entry<String, TreeMap<Integer, String>> e : continued.entrySet()) {
            StringBuilder joined = new StringBuilder();
            for (String section : e.getValue().values()) {
                joined.append(section.charAt(0) == '*' ? latin1(PercentEncoding.decode(section.substring(1))) : section.substring(1));
            }
            String first = e.getValue().firstEntry().getValue();
            parameters.putIfAbsent(e.getKey(), first.charAt(0) == '*' ? decode2231(joined.toString(), false)
                    : joined.toString());
        }
        for (Map.Entry<String, String> e : raw.entrySet()) {
            if (!e.getKey().endsWith("*")) {
                parameters.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        return new MimeHeaderValue(value, parameters);
    }

    /**
     * RFC 2047 §6.1: encoded-words ({@code =?charset?B|Q?text?=}) decoded, white space between two of
     * them dropped; an encoded-word that does not decode is kept as written.
     */
    static String decodeEncodedWords(String text) {
        Matcher m = ENCODED_WORD.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        boolean previousWasEncoded = false;
        while (m.find()) {
            String between = text.substring(last, m.start());
            if (!(previousWasEncoded && between.isBlank())) {
                out.append(between);
            }
            String decoded = decodeWord(m.group(1), m.group(2), m.group(3));
            out.append(decoded == null ? m.group() : decoded);
            previousWasEncoded = decoded != null;
            last = m.end();
        }
        return out.append(text.substring(last)).toString();
    }

    private static String decodeWord(String charsetName, String encoding, String encoded) {
        try {
            Charset charset = Charset.forName(charsetName.replaceAll("\\*.*$", ""));
            byte[] bytes;
            if (encoding.equalsIgnoreCase("B")) {
                bytes = java.util.Base64.getDecoder().decode(encoded);
            } else {
                bytes = PercentEncoding.decode(encoded.replace('_', ' ').replace('=', '%'));
            }
            return new String(bytes, charset);
        } catch (IllegalArgumentException notDecodable) {
            return null;
        }
    }

    /** The value before the parameters, lower-cased: {@code multipart/mixed}, {@code attachment}. */
    String value() {
        return value;
    }

    String parameter(String name) {
        return parameters.get(name);
    }

    private static int indexOutsideQuotes(String text, int from) {
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"') {
            return value;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                out.append(value.charAt(++i));
            } else if (c == '"') {
                break;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** RFC 2231 §4: {@code charset'language'value}; the value percent-encoded unless already decoded. */
    private static String decode2231(String value, boolean percentEncoded) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0) {
            return percentEncoded ? latin1(PercentEncoding.decode(value)) : value;
        }
        String rest = value.substring(second + 1);
        String bytes = percentEncoded ? latin1(PercentEncoding.decode(rest)) : rest;
        Charset charset;
        try {
            charset = Charset.forName(value.substring(0, first));
        } catch (IllegalArgumentException unknown) {
            charset = StandardCharsets.UTF_8;
        }
        return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), charset);
    }

    /** Bytes as one char each, for a later decoding in the declared charset. */
    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
