package org.mailpolicy.it.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;

/** Reads a user's INBOX over IMAP (JavaMail, plain LOGIN on loopback). */
public final class ImapMailbox {

    private static final int READ_ATTEMPTS = 3;

    private final int port;

    ImapMailbox(int port) {
        this.port = port;
    }

    /** Every message of the INBOX, as the raw text IMAP returns (headers and body). */
    public List<String> inbox(String user, String password) throws MessagingException, IOException {
        return folder(user, password, "INBOX");
    }

    /**
     * Every message of the folder {@code name} (none when the folder does not exist), as the raw text IMAP returns.
     * James delivers asynchronously into the mailbox being read, and its in-memory IMAP server then sometimes
     * answers a FETCH with "Invalid messageset" or drops the connection; such a read is made again on a new
     * connection, a few times, before it counts as a failure.
     */
    public List<String> folder(String user, String password, String name) throws MessagingException, IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return readFolder(user, password, name);
            } catch (MessagingException | IOException e) {
                if (attempt == READ_ATTEMPTS) {
                    throw e;
                }
                Pause.millis(500);
            }
        }
    }

    private List<String> readFolder(String user, String password, String name) throws MessagingException, IOException {
        Properties properties = new Properties();
        properties.put("mail.imap.connectiontimeout", "10000");
        properties.put("mail.imap.timeout", "20000");
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect("127.0.0.1", port, user, password);
        try {
            Folder inbox = store.getFolder(name);
            if (!inbox.exists()) {
                return List.of();
            }
            inbox.open(Folder.READ_ONLY);
            try {
                List<String> messages = new ArrayList<>();
                for (Message message : inbox.getMessages()) {
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    message.writeTo(raw);
                    messages.add(raw.toString(StandardCharsets.UTF_8));
                }
                return messages;
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }

    /** Polls the INBOX until it holds at least {@code count} messages (delivery is asynchronous). */
    public List<String> awaitInbox(String user, String password, int count, Duration timeout)
            throws MessagingException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> messages = inbox(user, password);
            if (messages.size() >= count || System.nanoTime() > deadline) {
                return messages;
            }
            Pause.millis(100);
        }
    }
}
