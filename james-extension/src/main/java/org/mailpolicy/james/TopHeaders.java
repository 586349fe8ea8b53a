package org.mailpolicy.james;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;

/**
 * Puts header fields at the very top of a Mail's message, as trace fields such as
 * Authentication-Results and DKIM-Signature must be (RFC 8601 §5, RFC 6376 §5.6).
 *
 * <p>javax.mail cannot insert above existing fields: its header list keeps placeholders that
 * pull some fields (MIME-Version among them) back up whenever the message is saved. So the
 * message is rebuilt from the new fields, the kept header lines and the raw body bytes, which
 * are copied untouched (no re-encoding, so existing signatures stay valid).
 */
public final class TopHeaders {

    private TopHeaders() {
    }

    /**
     * Prepends {@code fields} (complete lines such as {@code "Name: value"}, folded with CRLF
     * and a tab where long) and drops every existing header line for which {@code drop} is true.
     */
    public static void prepend(Mail mail, List<String> fields, Predicate<String> drop) throws MessagingException {
        MimeMessage original = mail.getMessage();
        ByteArrayOutputStream head = new ByteArrayOutputStream(4096);
        for (String field : fields) {
            writeLine(head, field.getBytes(StandardCharsets.UTF_8));
        }
        for (String line : Collections.list(original.getAllHeaderLines())) {
            if (!drop.test(line)) {
                writeLine(head, asReceived(line));
            }
        }
        writeLine(head, new byte[0]);
        try (InputStream body = original.getRawInputStream()) {
            InputStream whole = new SequenceInputStream(new java.io.ByteArrayInputStream(head.toByteArray()), body);
            mail.setMessage(new KeepingMessageId(original.getSession(), whole));
        } catch (IOException e) {
            throw new MessagingException("cannot rebuild message " + mail.getName() + " to add header fields", e);
        }
    }

    /** The name of a raw header line, before its colon. */
    public static String name(String line) {
        int colon = line.indexOf(':');
        return (colon < 0 ? line : line.substring(0, colon)).trim();
    }

    /**
     * javax.mail reads header bytes as ISO-8859-1 unless UTF-8 headers are enabled: writing
     * such a line back as ISO-8859-1 gives the received bytes again.
     */
    private static byte[] asReceived(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) > 0xff) {
                return line.getBytes(StandardCharsets.UTF_8);
            }
        }
        return line.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void writeLine(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        out.write('\r');
        out.write('\n');
    }

    /** Saving must never replace the sender's Message-ID, as plain javax.mail would. */
    private static final class KeepingMessageId extends MimeMessage {
        KeepingMessageId(Session session, InputStream in) throws MessagingException {
            super(session, in);
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            if (getMessageID() == null) {
                super.updateMessageID();
            }
        }
    }
}
