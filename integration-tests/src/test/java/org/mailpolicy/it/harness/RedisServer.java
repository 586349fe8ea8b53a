package org.mailpolicy.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** redis-server (Debian package redis-server) on a free loopback port, in memory only. */
public final class RedisServer implements AutoCloseable {

    static final String REDIS = "/usr/bin/redis-server";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final int port;
    private final Path directory;
    private final String password;
    private ManagedProcess process;

    private RedisServer(int port, Path directory, String password) {
        this.port = port;
        this.directory = directory;
        this.password = password;
    }

    public static RedisServer start(Path directory) throws IOException {
        return start(directory, null);
    }

    /** @param password what the server requires ({@code requirepass}); null for none */
    public static RedisServer start(Path directory, String password) throws IOException {
        if (!Files.isExecutable(Path.of(REDIS))) {
            throw new IllegalStateException(REDIS + " is missing: install the Debian package redis-server (./run-tests.sh does)");
        }
        Files.createDirectories(directory);
        RedisServer server = new RedisServer(FreePorts.tcp(), directory, password);
        server.restart();
        return server;
    }

    /** Kills the server, as a crash or a network cut would: clients see their connection drop. */
    public void stop() {
        process.close();
    }

    /** Starts the server again on the same port, empty (nothing is persisted). */
    public void restart() {
        List<String> command = new ArrayList<>(List.of(REDIS,
                "--bind", "127.0.0.1", "--port", String.valueOf(port),
                // no persistence: every run starts empty and writes nothing
                "--save", "", "--appendonly", "no",
                "--dir", directory.toString(), "--daemonize", "no"));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        process = ManagedProcess.start("redis-server", command, directory, directory.resolve("redis.log"));
        process.awaitReady("answer PING on 127.0.0.1:" + port, START_TIMEOUT, this::pongs);
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Sends PING (inline command) and returns the reply line, e.g. {@code +PONG}. */
    public String ping() throws IOException {
        return command("PING");
    }

    /**
     * Sends one inline command (words without spaces, e.g. {@code HLEN key}) and returns the first
     * line of the reply, e.g. {@code :4}.
     */
    public String command(String inline) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (password != null) {
                out.write(("AUTH " + password + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String auth = readLine(in);
                if (!auth.equals("+OK")) {
                    throw new IOException("AUTH refused: " + auth);
                }
            }
            out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readLine(in);
        }
    }

    /** The reply line up to its CR, consuming the LF after it. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    private boolean pongs() {
        try {
            return "+PONG".equals(ping());
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
