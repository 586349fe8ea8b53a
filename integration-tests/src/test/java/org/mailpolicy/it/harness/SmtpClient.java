package org.mailpolicy.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A plain SMTP client that returns the server's reply to each command, so that tests assert
 * exact replies ({@code 550 5.7.1 ...}). Lines end with CRLF; message bodies are normalised to
 * CRLF and dot-stuffed. Each command and reply is kept in {@link #transcript()} for failure messages.
 */
public final class SmtpClient implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 30_000;

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private final SmtpReply greeting;
    private final List<String> transcript = new ArrayList<>();

    private SmtpClient(Socket socket) throws IOException {
        use(socket);
        this.greeting = read();
    }

    public static SmtpClient connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return new SmtpClient(socket);
    }

    public SmtpReply greeting() {
        return greeting;
    }

    public SmtpReply ehlo(String domain) throws IOException {
        return command("EHLO " + domain);
    }

    public SmtpReply mailFrom(String address) throws IOException {
        return command("MAIL FROM:<" + address + ">");
    }

    public SmtpReply rcptTo(String address) throws IOException {
        return command("RCPT TO:<" + address + ">");
    }

    /** DATA, then the message (any line ends become CRLF), then the final dot: the reply to the message. */
    public SmtpReply data(String message) throws IOException {
        SmtpReply go = command("DATA");
        if (go.code() != 354) {
            return go;
        }
        String body = message.replaceAll("\r\n|\r|\n", "\r\n");
        if (!body.endsWith("\r\n")) {
            body += "\r\n";
        }
        // RFC 5321 §4.5.2: a line that starts with a dot gets one more
        body = (body.startsWith(".") ? "." : "") + body.replace("\r\n.", "\r\n..");
        out.write((body + ".\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        transcript.add("C: <message, " + message.length() + " chars>");
        return read();
    }

    /** STARTTLS and the TLS handshake; trusts any certificate (the test server's is self-signed). */
    public SmtpReply startTls() throws IOException {
        SmtpReply reply = command("STARTTLS");
        if (reply.code() == 220) {
            SSLSocket tls = (SSLSocket) trustAll().getSocketFactory()
                    .createSocket(socket, "127.0.0.1", socket.getPort(), true);
            tls.startHandshake();
            use(tls);
        }
        return reply;
    }

    public SmtpReply authPlain(String user, String password) throws IOException {
        String token = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return send("AUTH PLAIN " + token, "C: AUTH PLAIN <credentials of " + user + ">");
    }

    /** Any command line, sent with CRLF. */
    /**
     * EHLO, STARTTLS, EHLO again and AUTH PLAIN, as a mail client on the submission port does; fails
     * with the transcript when a step is refused.
     */
    public SmtpClient login(String helo, String user, String password) throws IOException {
        try {
            expect(ehlo(helo), 250);
            expect(startTls(), 220);
            expect(ehlo(helo), 250);
            expect(authPlain(user, password), 235);
            return this;
        } catch (IOException | AssertionError e) {
            // the caller gets no client to close
            close();
            throw e;
        }
    }

    /** MAIL FROM, RCPT TO for each recipient and DATA, each of which must be accepted. */
    public void sendMail(String from, List<String> recipients, String message) throws IOException {
        expect(mailFrom(from), 250);
        for (String recipient : recipients) {
            expect(rcptTo(recipient), 250);
        }
        expect(data(message), 250);
    }

    private void expect(SmtpReply reply, int code) {
        if (reply.code() != code) {
            throw new AssertionError("expected " + code + " but the server answered " + reply.text() + "; transcript: " + transcript());
        }
    }

    public SmtpReply command(String line) throws IOException {
        return send(line, "C: " + line);
    }

    public List<String> transcript() {
        return List.copyOf(transcript);
    }

    private SmtpReply send(String line, String logged) throws IOException {
        transcript.add(logged);
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    private SmtpReply read() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed by the server; transcript:\n" + String.join("\n", transcript));
            }
            lines.add(line);
            transcript.add("S: " + line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return new SmtpReply(Integer.parseInt(line.substring(0, 3)), lines);
            }
        }
    }

    private void use(Socket newSocket) throws IOException {
        this.socket = newSocket;
        this.in = new BufferedReader(new InputStreamReader(newSocket.getInputStream(), StandardCharsets.UTF_8));
        this.out = newSocket.getOutputStream();
    }

    private static SSLContext trustAll() throws IOException {
        TrustManager anyCertificate = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // test client: accepts the server's self-signed certificate
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // test client: accepts the server's self-signed certificate
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {anyCertificate}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** QUIT (when the connection is still open), then close. */
    @Override
    public void close() throws IOException {
        try {
            if (!socket.isClosed()) {
                command("QUIT");
            }
        } catch (IOException alreadyClosed) {
            // the server may have closed first (e.g. after 421): closing is all that is left
        } finally {
            socket.close();
        }
    }
}
