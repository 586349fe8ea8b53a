package org.mailpolicy.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real redis-server (the Debian package) on a free loopback port, for one test class. */
public final class RedisServer implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final int port;
    private final List<String> options;
    private final Path configFile;
    private Process process;

    private RedisServer(int port, List<String> options, Path configFile) {
        this.port = port;
        this.options = options;
        this.configFile = configFile;
    }

    /** A Sentinel (redis-server in sentinel mode) watching the master on {@code masterPort} as {@code name}. */
    static RedisServer sentinel(Path directory, String name, int masterPort) throws IOException, InterruptedException {
        Path config = directory.resolve("sentinel.conf");
        // Sentinel rewrites its file, so it gets one of its own.
        Files.writeString(config, "sentinel monitor " + name + " 127.0.0.1 " + masterPort + " 1\n");
        RedisServer server = new RedisServer(freePort(), List.of("--sentinel"), config);
        server.restart();
        return server;
    }

    /** Starts a server with extra command-line options, for example {@code --requirepass x}. */
    public static RedisServer start(String... options) throws IOException, InterruptedException {
        RedisServer server = new RedisServer(freePort(), List.of(options), null);
        server.restart();
        return server;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Starts the server (again) on the same port, with nothing persisted. */
    void restart() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: run-tests.sh installs the Debian package redis-server");
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        if (configFile != null) {
            command.add(configFile.toString());
        }
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"));
        command.addAll(options);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answersPing()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                stop();
                throw new IllegalStateException("redis-server did not start on port " + port);
            }
            Thread.sleep(20);
        }
    }

    /** Freezes the server (SIGSTOP) or thaws it (SIGCONT): connections stay open, replies stop. */
    void freeze(boolean frozen) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT", Long.toString(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill failed for redis-server " + process.pid());
        }
    }

    void stop() throws IOException, InterruptedException {
        if (process != null) {
            new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).start().waitFor();
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            // A server that wants a password answers -NOAUTH: it is up all the same.
            return in.readNBytes(reply, 0, 7) == 7 && reply[0] != 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }
}
