package org.mailpolicy.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports nobody listens on at the moment of asking (the servers bind them right after).
 * They are drawn below the kernel's ephemeral range: a port the kernel hands out for {@code bind(0)}
 * is also the kind it gives every outgoing connection, so between our asking and James binding it an
 * SMTP or Redis client could take it (seen in CI). Each port is handed out once per test run.
 */
public final class FreePorts {

    private static final int LOWEST = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int tcp() {
        int highest = ephemeralStart() - 1;
        if (highest - LOWEST < 1000) {
            return kernelChosen();
        }
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
            if (HANDED_OUT.add(port) && bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port between " + LOWEST + " and " + highest + " after 200 attempts");
    }

    /** A port free for both TCP and UDP, as a DNS server needs. */
    static int tcpAndUdp() {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = tcp();
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return port;
            } catch (IOException taken) {
                // the UDP side is in use: try another port
            }
        }
        throw new IllegalStateException("no loopback port free for both TCP and UDP after 20 attempts");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int kernelChosen() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int ephemeralStart() {
        // Read by line: /proc files report size 0, which Files.readString trusts and cuts the text short.
        try (BufferedReader range = Files.newBufferedReader(EPHEMERAL_RANGE)) {
            return Integer.parseInt(range.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            // not Linux, or no /proc: the usual start of the range
            return 32_768;
        }
    }
}
