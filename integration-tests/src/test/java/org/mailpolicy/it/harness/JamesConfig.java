package org.mailpolicy.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Everything a test environment is made of: James's conf/ files (the james-conf sample with
 * ports as placeholders, then the test's changes), DNS zones, Redis or not, domains and users.
 * Two equal configs can share one running environment.
 *
 * <p>Placeholders replaced in every conf file when the servers start: {@code ${smtp.port}},
 * {@code ${submission.port}}, {@code ${imap.port}}, {@code ${webadmin.port}}, {@code ${dns.port}},
 * {@code ${redis.port}}.
 */
final class JamesConfig {

    static final String SMTP_PORT = "${smtp.port}";
    static final String SUBMISSION_PORT = "${submission.port}";
    static final String IMAP_PORT = "${imap.port}";
    static final String WEBADMIN_PORT = "${webadmin.port}";
    static final String DNS_PORT = "${dns.port}";
    static final String REDIS_PORT = "${redis.port}";

    // James's own DNSService asks the test NSD, but only ever on port 53 (it drops the port);
    // dnsjava's default resolver (-Ddns.server=127.0.0.1:PORT) asks NSD on its real port.
    private static final String TEST_DNSSERVICE = "<?xml version=\"1.0\"?>\n"
            + "<dnsservice>\n"
            + "    <autodiscover>false</autodiscover>\n"
            + "    <servers>\n"
            + "        <server>127.0.0.1</server>\n"
            + "    </servers>\n"
            + "    <setAsDNSJavaDefault>false</setAsDNSJavaDefault>\n"
            + "    <authoritative>false</authoritative>\n"
            + "    <maxcachesize>50000</maxcachesize>\n"
            + "</dnsservice>\n";

    private final Map<String, String> confFiles;
    private final List<Zone> zones;
    private final boolean redis;
    private final String redisPassword;
    private final Map<String, String> users;
    private final List<String> domains;
    private final int smtpPort;

    private JamesConfig(Map<String, String> confFiles, List<Zone> zones, boolean redis, String redisPassword,
            List<String> domains, Map<String, String> users, int smtpPort) {
        this.smtpPort = smtpPort;
        this.confFiles = Map.copyOf(confFiles);
        this.zones = List.copyOf(zones);
        this.redis = redis;
        this.redisPassword = redisPassword;
        this.domains = List.copyOf(domains);
        this.users = Map.copyOf(users);
    }

    Map<String, String> confFiles() {
        return confFiles;
    }

    List<Zone> zones() {
        return zones;
    }

    boolean redis() {
        return redis;
    }

    /** The password the test Redis requires ({@code requirepass}); null for none. */
    String redisPassword() {
        return redisPassword;
    }

    List<String> domains() {
        return domains;
    }

    Map<String, String> users() {
        return users;
    }

    /** The MX server's port when the test chose it (another server must know it in advance), else 0 for a free one. */
    int smtpPort() {
        return smtpPort;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof JamesConfig)) {
            return false;
        }
        JamesConfig config = (JamesConfig) other;
        return confFiles.equals(config.confFiles) && zones.equals(config.zones) && redis == config.redis
                && Objects.equals(redisPassword, config.redisPassword) && domains.equals(config.domains) && users.equals(config.users)
                && smtpPort == config.smtpPort;
    }

    @Override
    public int hashCode() {
        return Objects.hash(confFiles, zones, redis, redisPassword, domains, users, smtpPort);
    }

    /** Collects a test's wishes; {@link #build()} reads the james-conf sample and applies them in order. */
    static final class Builder {

        private final List<Zone> zones = new ArrayList<>();
        private boolean redis;
        private String redisPassword;
        private final List<String> domains = new ArrayList<>();
        private final Map<String, String> users = new LinkedHashMap<>();
        private final List<Map.Entry<String, UnaryOperator<String>>> edits = new ArrayList<>();
        private final Map<String, String> mailPolicyProperties = new LinkedHashMap<>();
        private int smtpPort;

        void zone(Zone zone) {
            zones.add(zone);
        }

        void redis() {
            redis = true;
        }

        void redisPassword(String password) {
            redis = true;
            redisPassword = password;
        }

        void domain(String domain) {
            domains.add(domain);
        }

        void user(String user, String password) {
            users.put(user, password);
        }

        void edit(String file, UnaryOperator<String> edit) {
            edits.add(Map.entry(file, edit));
        }

        void mailPolicyProperty(String key, String value) {
            mailPolicyProperties.put(key, value);
        }

        void smtpPort(int port) {
            smtpPort = port;
        }

        JamesConfig build(Path sampleConf) {
            Map<String, String> files = readSample(sampleConf);
            files.put("dnsservice.xml", TEST_DNSSERVICE);
            // The sample binds the well-known ports on every interface: tests use free loopback ports.
            replaceOnce(files, "smtpserver.xml", "<bind>0.0.0.0:25</bind>", "<bind>127.0.0.1:" + SMTP_PORT + "</bind>");
            replaceOnce(files, "smtpserver.xml", "<bind>0.0.0.0:587</bind>", "<bind>127.0.0.1:" + SUBMISSION_PORT + "</bind>");
            replaceOnce(files, "imapserver.xml", "<bind>0.0.0.0:143</bind>", "<bind>127.0.0.1:" + IMAP_PORT + "</bind>");
            replaceOnce(files, "webadmin.properties", "port=8000", "port=" + WEBADMIN_PORT);
            for (Map.Entry<String, UnaryOperator<String>> edit : edits) {
                files.put(edit.getKey(), edit.getValue().apply(files.getOrDefault(edit.getKey(), "")));
            }
            if (!mailPolicyProperties.isEmpty()) {
                StringBuilder properties = new StringBuilder(files.getOrDefault("mailpolicy.properties", ""))
                        .append("\n# Set by the integration test\n");
                mailPolicyProperties.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
                files.put("mailpolicy.properties", properties.toString());
            }
            return new JamesConfig(files, zones, redis, redisPassword, domains, users, smtpPort);
        }

        private static Map<String, String> readSample(Path sampleConf) {
            if (!Files.isDirectory(sampleConf)) {
                throw new IllegalStateException("no James configuration at " + sampleConf
                        + ": build james-conf first (./mvnw -pl integration-tests -am verify does)");
            }
            Map<String, String> files = new TreeMap<>();
            try (Stream<Path> paths = Files.list(sampleConf)) {
                for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                    files.put(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return files;
        }

        private static void replaceOnce(Map<String, String> files, String file, String text, String replacement) {
            String content = files.getOrDefault(file, "");
            if (!content.contains(text)) {
                throw new IllegalStateException("the james-conf sample " + file + " no longer contains " + text
                        + ": update JamesConfig to the new sample");
            }
            files.put(file, content.replace(text, replacement));
        }
    }
}
