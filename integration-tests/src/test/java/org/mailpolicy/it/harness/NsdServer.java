package org.mailpolicy.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** NSD (Debian package nsd) serving the given zones on a loopback address, UDP and TCP (127.0.0.1 on a free port unless told). */
public final class NsdServer implements AutoCloseable {

    static final String NSD = "/usr/sbin/nsd";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    // A secondary zone asks this primary for its data; nothing listens on the discard port,
    // so the zone never loads and NSD answers SERVFAIL for it.
    private static final String UNREACHABLE_PRIMARY = "127.0.0.1@9";

    private final String address;
    private final int port;
    private final ManagedProcess process;

    private NsdServer(String address, int port, ManagedProcess process) {
        this.address = address;
        this.port = port;
        this.process = process;
    }

    public static NsdServer start(List<Zone> zones, Path directory) throws IOException {
        return start(zones, directory, "127.0.0.1", FreePorts.tcpAndUdp());
    }

    /**
     * NSD on a given address and port: James's own DNSService only ever asks port 53 (see
     * JAMES-3.8.1.md), so a test whose RemoteDelivery must find MX hosts runs one on an
     * address of its own in 127.0.0.0/8, port 53 (the tests run as root).
     */
    public static NsdServer start(List<Zone> zones, Path directory, String address, int port) throws IOException {
        if (!Files.isExecutable(Path.of(NSD))) {
            throw new IllegalStateException(NSD + " is missing: install the Debian package nsd (./run-tests.sh does)");
        }
        Files.createDirectories(directory);
        StringBuilder conf = new StringBuilder()
                .append("server:\n")
                .append("  ip-address: ").append(address).append('\n')
                .append("  port: ").append(port).append('\n')
                .append("  do-ip6: no\n")
                .append("  username: \"\"\n")
                .append("  chroot: \"\"\n")
                .append("  server-count: 1\n")
                .append("  verbosity: 1\n")
                .append("  zonesdir: \"").append(directory).append("\"\n")
                .append("  database: \"\"\n")
                .append("  pidfile: \"").append(directory.resolve("nsd.pid")).append("\"\n")
                .append("  xfrdfile: \"").append(directory.resolve("xfrd.state")).append("\"\n")
                .append("  xfrdir: \"").append(directory).append("\"\n")
                .append("  zonelistfile: \"").append(directory.resolve("zone.list")).append("\"\n")
                .append("remote-control:\n")
                .append("  control-enable: no\n");
        for (Zone zone : zones) {
            conf.append("zone:\n  name: ").append(zone.origin()).append('\n');
            if (zone.isServfail()) {
                conf.append("  request-xfr: ").append(UNREACHABLE_PRIMARY).append(" NOKEY\n");
            } else {
                String file = zone.origin() + ".zone";
                Files.writeString(directory.resolve(file), zone.zoneFile(), StandardCharsets.UTF_8);
                conf.append("  zonefile: \"").append(file).append("\"\n");
            }
        }
        Path confFile = directory.resolve("nsd.conf");
        Files.writeString(confFile, conf, StandardCharsets.UTF_8);

        ManagedProcess process = ManagedProcess.start("nsd",
                List.of(NSD, "-d", "-c", confFile.toString()), directory, directory.resolve("nsd.log"));
        NsdServer server = new NsdServer(address, port, process);
        String probe = zones.isEmpty() ? "." : zones.get(0).origin();
        process.awaitReady("answer a DNS query on " + address + ":" + port, START_TIMEOUT, () -> server.answers(probe));
        return server;
    }

    public int port() {
        return port;
    }

    /** A resolver that asks this server only (UDP, with TCP on truncation). */
    public SimpleResolver resolver() {
        try {
            SimpleResolver resolver = new SimpleResolver(address);
            resolver.setPort(port);
            resolver.setTimeout(Duration.ofSeconds(2));
            return resolver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks this server directly; the answer may be SERVFAIL or NXDOMAIN, which is not an error here. */
    public Message query(String name, int type) {
        try {
            return resolver().send(Message.newQuery(Record.newRecord(Name.fromString(absolute(name)), type, DClass.IN)));
        } catch (IOException e) {
            throw new UncheckedIOException("DNS query " + name + " " + Type.string(type) + " to " + address + ":" + port, e);
        }
    }

    String logTail(int lines) {
        return process.logTail(lines);
    }

    private boolean answers(String name) {
        try {
            SimpleResolver resolver = resolver();
            resolver.setTimeout(Duration.ofMillis(200));
            resolver.send(Message.newQuery(Record.newRecord(Name.fromString(absolute(name)), Type.SOA, DClass.IN)));
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }

    @Override
    public void close() {
        process.close();
    }
}
