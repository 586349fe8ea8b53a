package org.mailpolicy.james;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;

/** The bytes of a Mail's message as they would go on the wire, which is what DKIM signs and verifies. */
public final class MessageBytes {

    private MessageBytes() {
    }

    public static byte[] of(Mail mail) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            mail.getMessage().writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("cannot read the message of mail " + mail.getName(), e);
        }
        return out.toByteArray();
    }
}
