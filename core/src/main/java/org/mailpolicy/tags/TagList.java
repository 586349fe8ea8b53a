package org.mailpolicy.tags;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tag=value list as defined by RFC 6376 §3.2 and reused by DKIM key records, ARC (RFC 8617)
 * and DMARC records. Tag names are case-sensitive; tags keep the order in which they were written.
 *
 * <p>Grammar (RFC 6376 §3.2):
 * <pre>
 * tag-list  =  tag-spec *( ";" tag-spec ) [ ";" ]
 * tag-spec  =  [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
 * tag-name  =  ALPHA *ALNUMPUNC          ; ALNUMPUNC = ALPHA / DIGIT / "_"
 * tag-value =  [ tval *( 1*(WSP / FWS) tval ) ]
 * tval      =  1*VALCHAR                 ; VALCHAR = %x21-3A / %x3C-7E
 * </pre>
 * Characters above {@code %x7E} are accepted in values: RFC 8616 allows UTF-8 in DKIM's i= and z=,
 * and a header field decoded as ISO-8859-1 keeps one character per byte. A text that holds only
 * whitespace is an empty, valid list. Folding is not checked: CR and LF count as whitespace
 * anywhere between tokens, as TXT records and unfolded header values reach us in both forms.
 */
public final class TagList {

    private final Map<String, Tag> tags;

    private TagList(Map<String, Tag> tags) {
        this.tags = Collections.unmodifiableMap(tags);
    }

    /** Parses {@code text}; never throws. */
    public static TagListResult parse(String text) {
        Map<String, Tag> tags = new LinkedHashMap<>();
        int length = text.length();
        int pos = 0;
        while (true) {
            pos = skipWhitespace(text, pos);
            if (pos == length) {
                // RFC 6376 §3.2: a trailing ";" is allowed (and an empty text is an empty list).
                break;
            }
            int nameStart = pos;
            if (!isAlpha(text.charAt(pos))) {
                return TagListResult.error("tag-name must start with a letter at offset " + pos);
            }
            while (pos < length && isAlnumPunc(text.charAt(pos))) {
                pos++;
            }
            String name = text.substring(nameStart, pos);
            pos = skipWhitespace(text, pos);
            if (pos == length || text.charAt(pos) != '=') {
                return TagListResult.error("missing '=' after tag-name '" + name + "' at offset " + pos);
            }
            pos++;
            int rawValueStart = pos;
            int valueEnd = pos;
            pos = skipWhitespace(text, pos);
            int valueStart = pos;
            while (pos < length && text.charAt(pos) != ';') {
                char c = text.charAt(pos);
                if (isWhitespace(c)) {
                    pos++;
                    continue;
                }
                if (!isValChar(c)) {
                    return TagListResult.error("invalid character 0x" + Integer.toHexString(c) + " in value of tag '" + name + "' at offset " + pos);
                }
                pos++;
                valueEnd = pos;
            }
            if (valueEnd < valueStart) {
                valueEnd = valueStart;
            }
            // RFC 6376 §3.2: a tag-list with a duplicated tag name is invalid as a whole.
            if (tags.containsKey(name)) {
                return TagListResult.error("duplicate tag '" + name + "'");
            }
            tags.put(name, new Tag(name, text.substring(valueStart, valueEnd), rawValueStart, pos));
            if (pos == length) {
                break;
            }
            pos++;
        }
        return TagListResult.ok(new TagList(tags));
    }

    public Optional<Tag> tag(String name) {
        return Optional.ofNullable(tags.get(name));
    }

    /** The value of {@code name}, if the tag is present. */
    public Optional<String> value(String name) {
        Tag tag = tags.get(name);
        return tag == null ? Optional.empty() : Optional.of(tag.value());
    }

    public boolean contains(String name) {
        return tags.containsKey(name);
    }

    /** The tags in the order written. */
    public List<Tag> tags() {
        return List.copyOf(tags.values());
    }

    /** The name of the first tag written, as DKIM key records (v=) and DMARC records (v=) require to check. */
    public Optional<String> firstTagName() {
        return tags.isEmpty() ? Optional.empty() : Optional.of(tags.keySet().iterator().next());
    }

    public int size() {
        return tags.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TagList && new ArrayList<>(tags.values()).equals(new ArrayList<>(((TagList) o).tags.values()));
    }

    @Override
    public int hashCode() {
        return new ArrayList<>(tags.values()).hashCode();
    }

    @Override
    public String toString() {
        return tags.values().toString();
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static int skipWhitespace(String text, int pos) {
        while (pos < text.length() && isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAlnumPunc(char c) {
        return isAlpha(c) || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean isValChar(char c) {
        return (c >= 0x21 && c <= 0x3A) || (c >= 0x3C && c <= 0x7E) || c > 0x7F;
    }
}
