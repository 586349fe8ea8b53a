package org.mailpolicy.james.smtp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.utils.BaseFakeSMTPSession;

/** The SMTP session state the hook reads: client address, HELO, relaying, attachments. */
final class FakeSmtpSession extends BaseFakeSMTPSession {
    private final InetSocketAddress remote;
    private final boolean relayingAllowed;
    private final Map<AttachmentKey<?>, Object> connection = new HashMap<>();
    private final Map<AttachmentKey<?>, Object> transaction = new HashMap<>();

    FakeSmtpSession(String ip, String helo, boolean relayingAllowed) throws Exception {
        this.remote = new InetSocketAddress(InetAddress.getByName(ip), 40000);
        this.relayingAllowed = relayingAllowed;
        connection.put(SMTPSession.CURRENT_HELO_NAME, helo);
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
