package org.mailpolicy.ratelimit;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one attempt would spend, and who makes it. At RCPT: one recipient, {@code messages} 1 for
 * the first recipient of the transaction and 0 after, {@code bytes} from the SIZE parameter or 0.
 * Absent identities make the rules keyed by them not apply.
 */
public final class RateLimitRequest {

    private final String user;
    private final InetAddress clientIp;
    private final String helo;
    private final String sender;
    private final List<String> recipients;
    private final long messages;
    private final long recipientCount;
    private final long bytes;

    private RateLimitRequest(Builder b) {
        this.user = b.user;
        this.clientIp = b.clientIp;
        this.helo = b.helo;
        this.sender = b.sender;
        this.recipients = b.recipients == null ? List.of() : List.copyOf(b.recipients);
        this.messages = b.messages;
        this.recipientCount = b.recipientCount < 0 ? recipients.size() : b.recipientCount;
        this.bytes = b.bytes;
        if (messages < 0 || recipientCount < 0 || bytes < 0) {
            throw new IllegalArgumentException("messages, recipients and bytes must not be negative");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The SMTP AUTH identity. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    public Optional<InetAddress> clientIp() {
        return Optional.ofNullable(clientIp);
    }

    public Optional<String> helo() {
        return Optional.ofNullable(helo);
    }

    /** The MAIL FROM address; {@code ""} is the null reverse-path. */
    public Optional<String> sender() {
        return Optional.ofNullable(sender);
    }

    public List<String> recipients() {
        return recipients;
    }

    public long messages() {
        return messages;
    }

    /** The recipients charged: the number given, or the size of {@link #recipients()}. */
    public long recipientCount() {
        return recipientCount;
    }

    public long bytes() {
        return bytes;
    }

    // The rate limiter's reads, with no Optional to allocate on every decision.

    String userOrNull() {
        return user;
    }

    InetAddress clientIpOrNull() {
        return clientIp;
    }

    String heloOrNull() {
        return helo;
    }

    String senderOrNull() {
        return sender;
    }

    public static final class Builder {
        private String user;
        private InetAddress clientIp;
        private String helo;
        private String sender;
        /** Built at the first recipient: most requests name none. */
        private List<String> recipients;
        private long messages = 1;
        private long recipientCount = -1;
        private long bytes;

        private Builder() {
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder clientIp(InetAddress clientIp) {
            this.clientIp = clientIp;
            return this;
        }

        public Builder helo(String helo) {
            this.helo = helo;
            return this;
        }

        public Builder sender(String sender) {
            this.sender = sender;
            return this;
        }

        public Builder recipient(String recipient) {
            recipients().add(recipient);
            return this;
        }

        public Builder recipients(List<String> recipients) {
            recipients().addAll(recipients);
            return this;
        }

        private List<String> recipients() {
            if (recipients == null) {
                recipients = new ArrayList<>();
            }
            return recipients;
        }

        /** Messages charged; 1 unless set. */
        public Builder messages(long messages) {
            this.messages = messages;
            return this;
        }

        /** Recipients charged; the number of recipients given unless set. */
        public Builder recipientCount(long recipientCount) {
            this.recipientCount = recipientCount;
            return this;
        }

        public Builder bytes(long bytes) {
            this.bytes = bytes;
            return this;
        }

        public RateLimitRequest build() {
            return new RateLimitRequest(this);
        }
    }
}
