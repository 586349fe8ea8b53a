package org.mailpolicy.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports nobody listens on at the moment of asking (the servers bind them right after). */
public final class FreePorts {

    private FreePorts() {
    }

    public static int tcp() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
}
