package org.mailpolicy.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One running set of servers for a {@link JamesConfig}: NSD, Redis when asked, and James 3.8.1
 * as a separate process. Closing stops them in the reverse order.
 */
final class TestEnvironment implements ExtensionContext.Store.CloseableResource {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final JamesConfig config;
    private final List<AutoCloseable> started = new ArrayList<>();
    private NsdServer nsd;
    private RedisServer redis;
    private ManagedProcess james;
    private Path home;
    private Path libDir;
    private final int smtpPort;
    private final int submissionPort = FreePorts.tcp();
    private final int imapPort = FreePorts.tcp();
    private final int webAdminPort = FreePorts.tcp();
    private Duration jamesStartup;

    private TestEnvironment(JamesConfig config) {
        this.config = config;
        this.smtpPort = config.smtpPort() > 0 ? config.smtpPort() : FreePorts.tcp();
    }

    static TestEnvironment start(JamesConfig config, Path workDir, Path libDir, Path extensionsDir) throws IOException {
        TestEnvironment environment = new TestEnvironment(config);
        try {
            environment.startServers(Files.createTempDirectory(Files.createDirectories(workDir), "env-"), libDir, extensionsDir);
            return environment;
        } catch (IOException | RuntimeException e) {
            environment.close();
            throw e;
        }
    }

    /**
     * A second James with the same configuration, sharing the primary's NSD and Redis (as the
     * nodes of one cluster share them); closing it stops only its James.
     */
    static TestEnvironment startPeer(TestEnvironment primary, Path workDir, Path libDir, Path extensionsDir) throws IOException {
        TestEnvironment peer = new TestEnvironment(primary.config);
        peer.nsd = primary.nsd;
        peer.redis = primary.redis;
        try {
            peer.startJames(Files.createTempDirectory(Files.createDirectories(workDir), "peer-"), libDir, extensionsDir);
            return peer;
        } catch (IOException | RuntimeException e) {
            peer.close();
            throw e;
        }
    }

    private void startServers(Path dir, Path libDir, Path extensionsDir) throws IOException {
        nsd = NsdServer.start(config.zones(), dir.resolve("nsd"));
        started.add(nsd);
        if (config.redis()) {
            redis = RedisServer.start(dir.resolve("redis"), config.redisPassword());
            started.add(redis);
        }
        startJames(dir, libDir, extensionsDir);
    }

    private void startJames(Path dir, Path libDir, Path extensionsDir) throws IOException {
        Path home = dir.resolve("james");
        writeJamesHome(home, extensionsDir);
        Files.copy(TestKeystore.in(dir.getParent()), home.resolve("conf/keystore"));

        this.home = home;
        this.libDir = libDir;
        startJames();
    }

    private void startJames() throws IOException {
        long begin = System.nanoTime();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        james = ManagedProcess.start("james", List.of(java,
                "-Dworking.directory=" + home,
                "-Dlogback.configurationFile=" + home.resolve("conf/logback.xml"),
                "-Ddns.server=127.0.0.1:" + nsd.port(),
                // a conf file the sample forgot fails the start instead of silently taking defaults
                "-Djames.fail.on.missing.configuration=true",
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", libDir.resolve("*").toString(),
                "org.apache.james.MemoryJamesServerMain"),
                home, home.resolve("james.log"));
        started.add(james);
        james.awaitReady("greet with 220 on SMTP 127.0.0.1:" + smtpPort, START_TIMEOUT, this::smtpGreets);
        jamesStartup = Duration.ofNanos(System.nanoTime() - begin);

        WebAdmin webAdmin = webAdmin();
        james.awaitReady("listen on WebAdmin 127.0.0.1:" + webAdminPort, START_TIMEOUT, webAdmin::isListening);
        for (String domain : config.domains()) {
            webAdmin.createDomain(domain);
        }
        for (Map.Entry<String, String> user : config.users().entrySet()) {
            webAdmin.createUser(user.getKey(), user.getValue());
        }
    }

    /**
     * Stops James cleanly (SIGTERM: James runs its shutdown, @PreDestroy included) and starts it again
     * on the same home and ports. The memory server forgets its domains and users; they are created again.
     */
    void restartJames() throws IOException {
        started.remove(james);
        james.close();
        startJames();
    }

    private void writeJamesHome(Path home, Path extensionsDir) throws IOException {
        Path conf = Files.createDirectories(home.resolve("conf"));
        for (Map.Entry<String, String> file : config.confFiles().entrySet()) {
            Files.writeString(conf.resolve(file.getKey()), withPorts(file.getValue()), StandardCharsets.UTF_8);
        }
        Path extensions = Files.createDirectories(home.resolve("extensions-jars"));
        if (Files.isDirectory(extensionsDir)) {
            try (Stream<Path> jars = Files.list(extensionsDir)) {
                for (Path jar : (Iterable<Path>) jars.filter(path -> path.toString().endsWith(".jar"))::iterator) {
                    Files.copy(jar, extensions.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private String withPorts(String content) {
        return content
                .replace(JamesConfig.SMTP_PORT, String.valueOf(smtpPort))
                .replace(JamesConfig.SUBMISSION_PORT, String.valueOf(submissionPort))
                .replace(JamesConfig.IMAP_PORT, String.valueOf(imapPort))
                .replace(JamesConfig.WEBADMIN_PORT, String.valueOf(webAdminPort))
                .replace(JamesConfig.DNS_PORT, String.valueOf(nsd.port()))
                .replace(JamesConfig.REDIS_PORT, redis == null ? "" : String.valueOf(redis.port()));
    }

    private boolean smtpGreets() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), smtpPort)) {
            socket.setSoTimeout(5000);
            String greeting = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return greeting != null && greeting.startsWith("220");
        } catch (IOException notYet) {
            return false;
        }
    }

    JamesConfig config() {
        return config;
    }

    int smtpPort() {
        return smtpPort;
    }

    int submissionPort() {
        return submissionPort;
    }

    int imapPort() {
        return imapPort;
    }

    int webAdminPort() {
        return webAdminPort;
    }

    NsdServer nsd() {
        return nsd;
    }

    RedisServer redis() {
        if (redis == null) {
            throw new IllegalStateException("this test environment has no Redis: ask for it with withRedis()");
        }
        return redis;
    }

    WebAdmin webAdmin() {
        return new WebAdmin(webAdminPort);
    }

    Duration jamesStartup() {
        return jamesStartup;
    }

    String jamesLogTail(int lines) {
        return james == null ? "(James not started)" : james.log() + ":\n" + james.logTail(lines);
    }

    String nsdLogTail(int lines) {
        return nsd == null ? "(NSD not started)" : nsd.logTail(lines);
    }

    /** Stops James first (it may still query DNS or Redis while shutting down), then the others. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("could not stop every test server");
                }
                failure.addSuppressed(e);
            }
        }
        started.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
