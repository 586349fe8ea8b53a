package org.mailpolicy.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A real DNS server on a loopback UDP and TCP port for the resolver's tests: each question is
 * answered by a scripted reply, or not at all to make the client time out.
 */
final class TestDnsServer implements AutoCloseable {

    /** What the server does with one question. */
    interface Reply extends Function<Message, Message> {
    }

    static final Reply SILENT = query -> null;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final AtomicInteger udpQueries = new AtomicInteger();
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private volatile boolean truncateUdp;

    TestDnsServer() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
        this.tcp = new ServerSocket(udp.getLocalPort(), 50, loopback);
        Thread udpThread = new Thread(this::serveUdp, "test-dns-udp");
        udpThread.setDaemon(true);
        udpThread.start();
        Thread tcpThread = new Thread(this::serveTcp, "test-dns-tcp");
        tcpThread.setDaemon(true);
        tcpThread.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(udp.getLocalAddress(), udp.getLocalPort());
    }

    void on(String name, int type, Reply reply) {
        replies.put(key(name, type), reply);
    }

    /** UDP answers carry only the TC bit; the full answer comes over TCP. */
    void truncateUdp() {
        truncateUdp = true;
    }

    int udpQueries() {
        return udpQueries.get();
    }

    int tcpQueries() {
        return tcpQueries.get();
    }

    static Reply answer(Record... records) {
        return query -> {
            Message response = reply(query, Rcode.NOERROR);
            for (Record record : records) {
                response.addRecord(record, Section.ANSWER);
            }
            return response;
        };
    }

    static Reply rcode(int rcode, Record... authority) {
        return query -> {
            Message response = reply(query, rcode);
            for (Record record : authority) {
                response.addRecord(record, Section.AUTHORITY);
            }
            return response;
        };
    }

    private static Message reply(Message query, int rcode) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        response.getHeader().setRcode(rcode);
        response.addRecord(query.getQuestion(), Section.QUESTION);
        return response;
    }

    private Message respond(byte[] bytes) throws IOException {
        Message query = new Message(bytes);
        Record question = query.getQuestion();
        Reply reply = replies.getOrDefault(key(question.getName().toString(), question.getType()), rcode(Rcode.REFUSED));
        return reply.apply(query);
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                udpQueries.incrementAndGet();
                byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                Message response = respond(query);
                if (response == null) {
                    continue;
                }
                if (truncateUdp) {
                    response = reply(new Message(query), Rcode.NOERROR);
                    response.getHeader().setFlag(Flags.TC);
                }
                byte[] wire = response.toWire();
                udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException e) {
                // closed, or an unreadable query: a real server drops it too
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket socket = tcp.accept()) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                tcpQueries.incrementAndGet();
                Message response = respond(query);
                if (response == null) {
                    continue;
                }
                byte[] wire = response.toWire();
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            } catch (IOException e) {
                // closed, or the client went away
            }
        }
    }

    private static String key(String name, int type) {
        String absolute = name.endsWith(".") ? name : name + ".";
        return absolute.toLowerCase(java.util.Locale.ROOT) + "/" + Type.string(type);
    }

    static Name name(String text) {
        try {
            return Name.fromString(text.endsWith(".") ? text : text + ".");
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
