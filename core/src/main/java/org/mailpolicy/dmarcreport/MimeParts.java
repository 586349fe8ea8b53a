package org.mailpolicy.dmarcreport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.mailpolicy.message.HeaderField;
import org.mailpolicy.message.RawMessage;

/**
 * The leaf parts of a MIME message (RFC 2045, RFC 2046), decoded: just enough MIME to find the report
 * a reporter attached, whether the message is the report itself (Google sends a bare
 * {@code application/zip}) or a multipart with text, HTML and the attachment. Nesting depth and the
 * number of parts are bounded; a missing closing boundary is forgiven.
 */
final class MimeParts {

    /** One leaf: its content type (lower case, no parameters), its file name if any, its decoded bytes. */
    static final class Part {
        final String contentType;
        final String fileName;
        final byte[] content;

        Part(String contentType, String fileName, byte[] content) {
            this.contentType = contentType;
            this.fileName = fileName;
            this.content = content;
        }
    }

    private final ReportLimits limits;
    private final List<Part> leaves = new ArrayList<>();
    private int parts;

    private MimeParts(ReportLimits limits) {
        this.limits = limits;
    }

    static List<Part> leaves(byte[] message, ReportLimits limits) throws ReportException {
        MimeParts walker = new MimeParts(limits);
        walker.walk(RawMessage.parse(message), 0);
        return walker.leaves;
    }

    private void walk(RawMessage entity, int depth) throws ReportException {
        if (++parts > limits.maxMimeParts()) {
            throw new ReportException("the message has more than " + limits.maxMimeParts() + " MIME parts");
        }
        if (depth > limits.maxMimeDepth()) {
            throw new ReportException("MIME parts nest deeper than " + limits.maxMimeDepth());
        }
        // RFC 2045 §5.2: without Content-Type, text/plain.
        MimeHeaderValue type = MimeHeaderValue.parse(field(entity, "Content-Type", "text/plain"));
        String boundary = type.parameter("boundary");
        if (type.value().startsWith("multipart/") && boundary != null && !boundary.isEmpty()) {
            for (byte[] part : bodyParts(entity.body(), boundary)) {
                walk(RawMessage.parse(part), depth + 1);
            }
            return;
        }
        byte[] content = decode(field(entity, "Content-Transfer-Encoding", "7bit"), entity.body());
        if (type.value().equals("message/rfc822")) {
            walk(RawMessage.parse(content), depth + 1);
            return;
        }
        String fileName = MimeHeaderValue.parse(field(entity, "Content-Disposition", "")).parameter("filename");
        leaves.add(new Part(type.value(), fileName != null ? fileName : type.parameter("name"), content));
    }

    private static String field(RawMessage entity, String name, String absent) {
        List<HeaderField> fields = entity.headers(name);
        return fields.isEmpty() ? absent : fields.get(0).value();
    }

    /** RFC 2046 §5.1.1: the parts between delimiter lines, the CRLF before each delimiter belonging to it. */
    static List<byte[]> bodyParts(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> found = new ArrayList<>();
        int partStart = -1;
        int pos = 0;
        while (pos < body.length) {
            int lineEnd = indexOfCrlf(body, pos);
            int lineStop = lineEnd < 0 ? body.length : lineEnd;
            if (isDelimiter(body, pos, lineStop, delimiter)) {
                if (partStart >= 0) {
                    found.add(Arrays.copyOfRange(body, partStart, Math.max(partStart, pos - 2)));
                }
                boolean close = pos + delimiter.length + 1 < lineStop && body[pos + delimiter.length] == '-'
                        && body[pos + delimiter.length + 1] == '-';
                if (close) {
                    return found;
                }
                partStart = lineEnd < 0 ? body.length : lineEnd + 2;
            }
            if (lineEnd < 0) {
                break;
            }
            pos = lineEnd + 2;
        }
        if (partStart >= 0 && partStart < body.length) {
            found.add(Arrays.copyOfRange(body, partStart, body.length));
        }
        return found;
    }

    /** The line starts with the delimiter, then only {@code --} and transport padding (RFC 2046 §5.1.1). */
    private static boolean isDelimiter(byte[] body, int pos, int lineStop, byte[] delimiter) {
        if (lineStop - pos < delimiter.length) {
            return false;
        }
        for (int i = 0; i < delimiter.length; i++) {
            if (body[pos + i] != delimiter[i]) {
                return false;
            }
        }
        int i = pos + delimiter.length;
        if (i + 1 < lineStop && body[i] == '-' && body[i + 1] == '-') {
            i += 2;
        }
        for (; i < lineStop; i++) {
            if (body[i] != ' ' && body[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** RFC 2045 §6: base64 and quoted-printable decoded; 7bit, 8bit, binary and unknown encodings kept. */
    static byte[] decode(String encoding, byte[] body) throws ReportException {
        switch (encoding.strip().toLowerCase(Locale.ROOT)) {
            case "base64":
                try {
                    return Base64.getMimeDecoder().decode(withoutPadding(body));
                } catch (IllegalArgumentException e) {
                    throw new ReportException("a base64 part is corrupt: " + e.getMessage());
                }
            case "quoted-printable":
                return quotedPrintable(body);
            default:
                return body;
        }
    }

    /**
     * Base64 text up to its padding: the JDK's MIME decoder refuses anything after the pad characters,
     * which some reporters leave (a trailing newline and a stray character).
     */
    private static byte[] withoutPadding(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '=') {
                int end = i + 1 < body.length && body[i + 1] == '=' ? i + 2 : i + 1;
                return Arrays.copyOf(body, end);
            }
        }
        return body;
    }

    /** RFC 2045 §6.7: =XX escapes and soft line breaks; a malformed escape is kept as it is. */
    private static byte[] quotedPrintable(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b != '=') {
                out.write(b);
            } else if (i + 2 < body.length && body[i + 1] == '\r' && body[i + 2] == '\n') {
                i += 2;
            } else if (i + 2 < body.length && Character.digit(body[i + 1], 16) >= 0
                    && Character.digit(body[i + 2], 16) >= 0) {
                out.write(Character.digit(body[i + 1], 16) * 16 + Character.digit(body[i + 2], 16));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
