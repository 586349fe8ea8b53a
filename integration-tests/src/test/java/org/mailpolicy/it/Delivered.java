package org.mailpolicy.it;

import static org.mailpolicy.it.harness.JamesServerExtension.PASSWORD;
import static org.mailpolicy.it.harness.JamesServerExtension.USER;

import java.time.Duration;
import java.util.List;

import org.mailpolicy.it.harness.JamesServerExtension;

/** Reads what reached the test user's inbox, for tests that look at the header James delivered. */
final class Delivered {

    private Delivered() {
    }

    /** The message with this subject in the test user's inbox, waiting up to 15 s for delivery. */
    static String withSubject(JamesServerExtension james, String subject) throws Exception {
        return inFolder(james, "INBOX", subject);
    }

    /** The message with this subject in the test user's folder, waiting up to 15 s for delivery. */
    static String inFolder(JamesServerExtension james, String folder, String subject) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> inbox = james.imap().folder(USER, PASSWORD, folder);
            for (String message : inbox) {
                if (message.contains("Subject: " + subject)) {
                    return message;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no message with subject '" + subject + "' reached " + folder);
    }

    /** The header section with folding undone (RFC 5322 §2.2.3). */
    static String unfoldedHeader(String message) {
        String header = message.substring(0, message.indexOf("\r\n\r\n") + 2);
        return header.replaceAll("\r\n[ \t]+", " ");
    }
}
