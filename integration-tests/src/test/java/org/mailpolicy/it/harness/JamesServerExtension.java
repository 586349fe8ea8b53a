package org.mailpolicy.it.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A real James 3.8.1 with MailPolicy's jars in extensions-jars/, a real NSD and (on request) a
 * real Redis, for one test class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static JamesServerExtension james = JamesServerExtension.builder()
 *         .zone(Zone.primary("example.com", "@ TXT \"v=spf1 ip4:127.0.0.1 -all\""))
 *         .withRedis()
 *         .build();
 * }</pre>
 *
 * <p><b>Sharing.</b> Starting James takes seconds and stopping it more, so the servers are kept
 * in the root extension store and reused by the next test class whose configuration is equal
 * (same conf files after edits, zones, Redis, domains and users). When a class asks for a
 * different configuration, the servers of the previous one are stopped first, so at most one
 * James runs at a time. The last ones stop when the test run ends. Failsafe runs the classes in
 * alphabetical order: give classes that share a configuration names that sort together (or one
 * factory such as StandardServers, and names whose order keeps them adjacent). Test classes that share
 * servers also share mailboxes and queues: use recipients of your own per test. Do not run
 * test classes in parallel.
 *
 * <p><b>Failures.</b> When a test fails, the end of James's log (and NSD's) is printed to the
 * test's standard error, which failsafe keeps in the test report.
 *
 * <p>Every environment has the domain {@value #DOMAIN} and the user {@value #USER} /
 * {@value #PASSWORD}.
 */
public final class JamesServerExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {

    public static final String DOMAIN = "mailpolicy.test";
    public static final String USER = "user@" + DOMAIN;
    public static final String PASSWORD = "secret";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(JamesServerExtension.class);
    private static final String SHARED = "environment";
    private static final int LOG_LINES_ON_FAILURE = 150;

    private final JamesConfig config;
    private final String instance;
    private TestEnvironment environment;

    private JamesServerExtension(JamesConfig config, String instance) {
        this.config = config;
        this.instance = instance;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        String key = SHARED + instance;
        TestEnvironment current = store.get(key, TestEnvironment.class);
        if (current != null && current.config().equals(config)) {
            environment = current;
            return;
        }
        if (current != null) {
            store.remove(key);
            current.close();
        }
        environment = TestEnvironment.start(config, path("mailpolicy.it.work.dir"), path("james.lib.dir"),
                path("james.extensions.dir"));
        store.put(key, environment);
        System.out.println("James 3.8.1 test server started in " + environment.jamesStartup().toMillis() + " ms"
                + " (SMTP " + environment.smtpPort() + ", submission " + environment.submissionPort()
                + ", IMAP " + environment.imapPort() + ", WebAdmin " + environment.webAdminPort()
                + ", DNS " + environment.nsd().port() + ")");
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (environment != null) {
            System.err.println("---- end of James's log (" + context.getDisplayName() + ") ----\n"
                    + environment.jamesLogTail(LOG_LINES_ON_FAILURE)
                    + "\n---- end of NSD's log ----\n" + environment.nsdLogTail(30));
        }
    }

    /** A named {@link Builder#instance} stops with its test class, so it does not run beside the next ones. */
    @Override
    public void afterAll(ExtensionContext context) {
        if (instance.isEmpty()) {
            return;
        }
        TestEnvironment stopped = context.getRoot().getStore(NAMESPACE).remove(SHARED + instance, TestEnvironment.class);
        if (stopped != null) {
            stopped.close();
        }
    }

    /** Stops James cleanly and starts it again on the same home, ports, NSD and Redis. */
    public void restartJames() throws IOException {
        running().restartJames();
    }

    /** The MX server: no AUTH, no relaying, loopback clients are strangers. */
    public int smtpPort() {
        return running().smtpPort();
    }

    /** The submission server: STARTTLS, AUTH, then relaying. */
    public int submissionPort() {
        return running().submissionPort();
    }

    public int imapPort() {
        return running().imapPort();
    }

    public int webAdminPort() {
        return running().webAdminPort();
    }

    public int dnsPort() {
        return running().nsd().port();
    }

    public NsdServer dns() {
        return running().nsd();
    }

    public RedisServer redis() {
        return running().redis();
    }

    /**
     * Starts a second James with this one's configuration, sharing its NSD and Redis: two nodes of
     * one cluster. The caller closes it; it does not outlive the test class.
     */
    public Peer startPeer() throws IOException {
        return new Peer(TestEnvironment.startPeer(running(), path("mailpolicy.it.work.dir"), path("james.lib.dir"),
                path("james.extensions.dir")));
    }

    /** A second James process sharing the first one's DNS and Redis. */
    public static final class Peer implements AutoCloseable {
        private final TestEnvironment environment;

        private Peer(TestEnvironment environment) {
            this.environment = environment;
        }

        public SmtpClient submission() throws IOException {
            return SmtpClient.connect(environment.submissionPort());
        }

        public ImapMailbox imap() {
            return new ImapMailbox(environment.imapPort());
        }

        public String jamesLogTail(int lines) {
            return environment.jamesLogTail(lines);
        }

        @Override
        public void close() {
            environment.close();
        }
    }

    public SmtpClient smtp() throws IOException {
        return SmtpClient.connect(smtpPort());
    }

    public SmtpClient submission() throws IOException {
        return SmtpClient.connect(submissionPort());
    }

    public ImapMailbox imap() {
        return new ImapMailbox(imapPort());
    }

    public WebAdmin webAdmin() {
        return running().webAdmin();
    }

    public Duration startupTime() {
        return running().jamesStartup();
    }

    public String jamesLogTail(int lines) {
        return running().jamesLogTail(lines);
    }

    private TestEnvironment running() {
        if (environment == null) {
            throw new IllegalStateException("the test servers are not started: register the extension on a static field with @RegisterExtension");
        }
        return environment;
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run the tests through"
                    + " Maven (./mvnw -pl integration-tests -am verify), whose failsafe configuration sets it");
        }
        return Path.of(value);
    }

    /** What the test class needs; see the placeholders of {@link JamesConfig} for ports in conf files. */
    public static final class Builder {

        private final JamesConfig.Builder config = new JamesConfig.Builder();
        private String instance = "";

        private Builder() {
            config.domain(DOMAIN);
            config.user(USER, PASSWORD);
        }

        public Builder zone(Zone zone) {
            config.zone(zone);
            return this;
        }

        /** Starts a redis-server; {@code ${redis.port}} in conf files is its port. */
        public Builder withRedis() {
            config.redis();
            return this;
        }

        /** Starts a redis-server that requires this password (its {@code requirepass}). */
        public Builder withRedis(String password) {
            config.redisPassword(password);
            return this;
        }

        public Builder domain(String domain) {
            config.domain(domain);
            return this;
        }

        public Builder user(String user, String password) {
            config.user(user, password);
            return this;
        }

        /** Replaces a conf file of the sample (or adds one). */
        public Builder confFile(String name, String content) {
            config.edit(name, ignored -> content);
            return this;
        }

        /** Changes a conf file of the sample, e.g. {@code text -> text.replace("a", "b")}. */
        public Builder editConf(String name, UnaryOperator<String> edit) {
            config.edit(name, edit);
            return this;
        }

        /** Adds {@code key=value} to conf/mailpolicy.properties; the value may hold port placeholders. */
        public Builder mailPolicyProperty(String key, String value) {
            config.mailPolicyProperty(key, value);
            return this;
        }

        /** Loads a Guice module from extensions-jars/ (conf/extensions.properties). */
        public Builder extensionModule(String moduleClass) {
            return confFile("extensions.properties", "guice.extension.module=" + moduleClass + "\n");
        }

        /** Adds a handler (SMTP hook) to the MX server, ahead of James's own handlers. */
        public Builder mxHandler(String handlerClass) {
            return mxHandler(handlerClass, "");
        }

        /** Same, with the handler's configuration elements, e.g. {@code "<maxRcpt>1</maxRcpt>"}. */
        public Builder mxHandler(String handlerClass, String configXml) {
            return smtpHandler("smtpserver-mx", handlerClass, configXml);
        }

        /** Adds a handler (SMTP hook) to the submission server, ahead of James's own handlers. */
        public Builder submissionHandler(String handlerClass) {
            return submissionHandler(handlerClass, "");
        }

        /** Same, with the handler's configuration elements. */
        public Builder submissionHandler(String handlerClass, String configXml) {
            return smtpHandler("smtpserver-submission", handlerClass, configXml);
        }

        private Builder smtpHandler(String jmxName, String handlerClass, String configXml) {
            return editConf("smtpserver.xml", xml -> SmtpServerXml.addHandler(xml, jmxName, handlerClass, configXml));
        }

        /**
         * A second James that runs beside the shared one (and beside other named ones), for tests of two
         * servers talking to each other; it stops when its test class ends.
         */
        public Builder instance(String name) {
            instance = "-" + name;
            return this;
        }

        /** The MX server's port, chosen in advance with {@link FreePorts#tcp()} so another server can be pointed at it. */
        public Builder smtpPort(int port) {
            config.smtpPort(port);
            return this;
        }

        public JamesServerExtension build() {
            return new JamesServerExtension(config.build(path("james.conf.dir")), instance);
        }
    }
}
