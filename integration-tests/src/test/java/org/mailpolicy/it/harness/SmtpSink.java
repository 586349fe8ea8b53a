package org.mailpolicy.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A minimal SMTP receiver on loopback that accepts every message and keeps it with its envelope:
 * where a test points James's RemoteDelivery ({@code <gateway>}, {@code <gatewayPort>}) or a
 * route to see what leaves. On request it offers STARTTLS (with the test keystore's self-signed
 * certificate, which no trust store knows) and AUTH PLAIN/LOGIN, and records what the client did.
 */
public final class SmtpSink implements AutoCloseable {

    /** One SMTP session as the sink saw it. */
    public static final class Session {
        private volatile boolean tls;
        private volatile String authUser;
        private volatile String authPassword;
        private volatile String mailFrom;
        private final List<String> recipients = new CopyOnWriteArrayList<>();
        private volatile String message;

        public boolean tls() {
            return tls;
        }

        public String authUser() {
            return authUser;
        }

        public String authPassword() {
            return authPassword;
        }

        public String mailFrom() {
            return mailFrom;
        }

        public List<String> recipients() {
            return List.copyOf(recipients);
        }

        /** The message as received; null when the session ended before DATA. */
        public String message() {
            return message;
        }
    }

    private final ServerSocket server;
    private final SSLContext tls;
    private final boolean auth;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<Session> sessions = new CopyOnWriteArrayList<>();

    private SmtpSink(ServerSocket server, SSLContext tls, boolean auth) {
        this.server = server;
        this.tls = tls;
        this.auth = auth;
        Thread acceptor = new Thread(this::acceptLoop, "smtp-sink-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A sink on a free port of 127.0.0.1. */
    public static SmtpSink start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The first message received that contains {@code text}, waiting up to {@code timeout}. */
    public String awaitMessageContaining(String text, Duration timeout) throws InterruptedException {
        return awaitSessionWithMessageContaining(text, timeout).message();
    }

    /** The session whose message contains {@code text}, waiting up to {@code timeout}. */
    public Session awaitSessionWithMessageContaining(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Session session : sessions) {
                if (session.message != null && session.message.contains(text)) {
                    return session;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no message containing '" + text + "' reached the SMTP sink on port " + port()
                + "; got " + messages.size());
    }

    /** Every message received so far that contains {@code text}. */
    public List<Session> sessionsWithMessageContaining(String text) {
        return sessions.stream().filter(s -> s.message != null && s.message.contains(text)).collect(Collectors.toList());
    }

    /** Every session so far, including those that ended before DATA. */
    public List<Session> sessions() {
        return new ArrayList<>(sessions);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                Session session = new Session();
                sessions.add(session);
                converse(socket, session);
            } catch (IOException e) {
                // the client went away or the sink was closed: wait for the next connection
            }
        }
    }

    private void converse(Socket plain, Session session) throws IOException {
        Socket socket = plain;
        BufferedReader in = reader(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        reply(out, "220 sink ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase();
            switch (verb) {
                case "EHLO":
                    List<String> extensions = new ArrayList<>();
                    if (tls != null && !session.tls) {
                        extensions.add("STARTTLS");
                    }
                    if (auth) {
                        extensions.add("AUTH PLAIN LOGIN");
                    }
                    extensions.add("8BITMIME");
                    reply(out, "250-sink");
                    for (int i = 0; i < extensions.size(); i++) {
                        reply(out, (i == extensions.size() - 1 ? "250 " : "250-") + extensions.get(i));
                    }
                    break;
                case "STAR":
                    reply(out, "220 2.0.0 go ahead");
                    SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
                    secure.setUseClientMode(false);
                    secure.startHandshake();
                    socket = secure;
                    session.tls = true;
                    in = reader(socket.getInputStream());
                    out = socket.getOutputStream();
                    break;
                case "AUTH":
                    authenticate(line, in, out, session);
                    break;
                case "MAIL":
                    session.mailFrom = line.substring(line.indexOf(':') + 1).trim();
                    reply(out, "250 2.1.0 ok");
                    break;
                case "RCPT":
                    session.recipients.add(address(line.substring(line.indexOf(':') + 1)));
                    reply(out, "250 2.1.5 ok");
                    break;
                case "DATA":
                    reply(out, "354 go ahead");
                    String message = readData(in);
                    session.message = message;
                    messages.add(message);
                    reply(out, "250 2.0.0 kept");
                    break;
                case "QUIT":
                    reply(out, "221 2.0.0 bye");
                    return;
                default:
                    reply(out, "250 ok");
            }
        }
    }

    /** RFC 4616 PLAIN ([authzid] NUL authcid NUL passwd) and the LOGIN exchange, in base64. */
    private static void authenticate(String line, BufferedReader in, OutputStream out, Session session) throws IOException {
        String[] words = line.split(" ");
        String mechanism = words.length > 1 ? words[1].toUpperCase() : "";
        if (mechanism.equals("PLAIN")) {
            String initial = words.length > 2 ? words[2] : null;
            if (initial == null) {
                reply(out, "334 ");
                initial = in.readLine();
            }
            String[] parts = decode(initial).split("\u0000", -1);
            session.authUser = parts[1];
            session.authPassword = parts[2];
        } else if (mechanism.equals("LOGIN")) {
            reply(out, "334 " + Base64.getEncoder().encodeToString("Username:".getBytes(StandardCharsets.US_ASCII)));
            session.authUser = decode(in.readLine());
            reply(out, "334 " + Base64.getEncoder().encodeToString("Password:".getBytes(StandardCharsets.US_ASCII)));
            session.authPassword = decode(in.readLine());
        } else {
            reply(out, "504 5.5.4 mechanism not supported");
            return;
        }
        reply(out, "235 2.7.0 authenticated");
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
    }

    private static String address(String path) {
        String p = path.trim();
        int end = p.indexOf('>');
        return p.startsWith("<") && end > 0 ? p.substring(1, end) : p.split(" ")[0];
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
    }

    /** RFC 5321 §4.5.2: up to the lone dot, with the extra leading dot of each line removed. */
    private static String readData(BufferedReader in) throws IOException {
        StringBuilder message = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            message.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
        }
        return message.toString();
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** Where the sink listens and what it offers. */
    public static final class Builder {
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port;
        private SSLContext tls;
        private boolean auth;

        private Builder() {
        }

        /** Listens on this address and port (0: a free one), e.g. 127.0.0.121:25 for an MX host. */
        public Builder on(String address, int port) {
            try {
                this.address = InetAddress.getByName(address);
            } catch (IOException e) {
                throw new IllegalArgumentException(address, e);
            }
            this.port = port;
            return this;
        }

        /** Offers STARTTLS with a self-signed certificate (CN=james) from the keystore in {@code workDir}. */
        public Builder startTls(Path workDir) {
            try {
                Path keystore = TestKeystore.in(workDir);
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(keystore)) {
                    store.load(in, TestKeystore.SECRET.toCharArray());
                }
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, TestKeystore.SECRET.toCharArray());
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keys.getKeyManagers(), null, null);
                this.tls = context;
                return this;
            } catch (Exception e) {
                throw new IllegalStateException("cannot load the test keystore", e);
            }
        }

        /** Offers AUTH PLAIN and LOGIN and accepts any user and password (they are recorded). */
        public Builder auth() {
            this.auth = true;
            return this;
        }

        public SmtpSink start() {
            try {
                return new SmtpSink(new ServerSocket(port, 10, address), tls, auth);
            } catch (IOException e) {
                throw new IllegalStateException("cannot bind the SMTP sink on " + address + ":" + port, e);
            }
        }
    }
}
