package org.mailpolicy.james.smtp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.utils.BaseFakeSMTPSession;

/** The SMTP session state our hooks read: client address, HELO, relaying, AUTH user, attachments. */
final class FakeSession extends BaseFakeSMTPSession {
    private final InetSocketAddress remote;
    private final boolean relayingAllowed;
    private final String user;
    private final Map<AttachmentKey<?>, Object> connection = new HashMap<>();
    private Map<AttachmentKey<?>, Object> transaction = new HashMap<>();

    FakeSession(String ip, String helo, boolean relayingAllowed, String user) throws Exception {
        this.remote = new InetSocketAddress(InetAddress.getByName(ip), 40000);
        this.relayingAllowed = relayingAllowed;
        this.user = user;
        connection.put(SMTPSession.CURRENT_HELO_NAME, helo);
    }

    /** What RSET or the end of DATA does: the transaction's attachments are gone. */
    void newTransaction() {
        transaction = new HashMap<>();
    }

    /** The AUTH user, or null. */
    String user() {
        return user;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return remote;
    }

    @Override
    public boolean isRelayingAllowed() {
        return relayingAllowed;
    }

    @Override
    public Username getUsername() {
        return user == null ? null : Username.of(user);
    }

    @Override
    public String getSessionID() {
        return "test-session";
    }

    private Map<AttachmentKey<?>, Object> map(State state) {
        return state == State.Connection ? connection : transaction;
    }

    @Override
    public <T> Optional<T> setAttachment(AttachmentKey<T> key, T value, State state) {
        return key.convert(map(state).put(key, value));
    }

    @Override
    public <T> Optional<T> getAttachment(AttachmentKey<T> key, State state) {
        return key.convert(map(state).get(key));
    }
}
