package org.mailpolicy.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP receiver on a free loopback port that accepts every message and keeps it: where
 * a test points James's RemoteDelivery ({@code <gateway>}, {@code <gatewayPort>}) to see what leaves.
 */
public final class SmtpSink implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private SmtpSink(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::acceptLoop, "smtp-sink");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static SmtpSink start() {
        try {
            return new SmtpSink(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the SMTP sink on loopback", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The first message received that contains {@code text}, waiting up to {@code timeout}. */
    public String awaitMessageContaining(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String message : messages) {
                if (message.contains(text)) {
                    return message;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no message containing '" + text + "' reached the SMTP sink; got " + messages.size());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                converse(socket);
            } catch (IOException e) {
                // the client went away or the sink was closed: wait for the next connection
            }
        }
    }

    private void converse(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = socket.getOutputStream();
        reply(out, "220 sink ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
            switch (verb) {
                case "DATA":
                    reply(out, "354 go ahead");
                    messages.add(readData(in));
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
}
