package org.rxrpc4j.tools.debug;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.rxrpc4j.debug.DebugClient;
import org.rxrpc4j.debug.DebugReply;
import org.rxrpc4j.tools.ExitCodes;
import org.rxrpc4j.tools.ToolFailure;

/**
 * Sends {@link DebugClient} requests to one server over a plain UDP socket and waits for the
 * matching replies. Each request is resent on {@link DebugClient#retryDelayNs}'s schedule (1, 2,
 * 4, 8, 16 s) but given up after the timeout, so no request takes longer than that. Failures
 * end as a {@link ToolFailure}.
 */
final class DebugSession implements AutoCloseable {

    private static final int MAX_DATAGRAM = 65_535;

    private final DebugClient client = new DebugClient();
    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final long timeoutNs;
    private final byte[] receive = new byte[MAX_DATAGRAM];

    /**
     * @param server the server's address
     * @param timeout the longest one request may wait for its reply, resends included
     * @throws IOException if no local UDP socket can be opened
     */
    DebugSession(InetSocketAddress server, Duration timeout) throws IOException {
        this.server = server;
        this.timeoutNs = timeout.toNanos();
        this.socket = new DatagramSocket();
        // Connected, so that only the server's datagrams arrive and an ICMP port-unreachable
        // ends the wait at once.
        socket.connect(server);
    }

    /** @return the server's answer to a DEBUG request of {@code type} for item {@code index} */
    DebugReply debug(int type, int index, String what) {
        return exchange(client.debug(UnpooledByteBufAllocator.DEFAULT, type, index), what);
    }

    /** @return the server's version text */
    String version() {
        DebugReply r = exchange(client.version(UnpooledByteBufAllocator.DEFAULT), "VERSION");
        if (r instanceof DebugReply.Version v) {
            return v.version();
        }
        throw new ToolFailure(ExitCodes.FAILED, "the server answered VERSION with " + r);
    }

    private DebugReply exchange(DebugClient.Request request, String what) {
        byte[] datagram;
        try {
            datagram = ByteBufUtil.getBytes(request.datagram());
        } finally {
            request.datagram().release();
        }
        long start = System.nanoTime();
        long deadline = start + timeoutNs;
        try {
            for (int attempt = 0; attempt < DebugClient.MAX_TRIES; attempt++) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    break;
                }
                socket.send(new DatagramPacket(datagram, datagram.length));
                long waitUntil = now + DebugClient.retryDelayNs(attempt);
                if (waitUntil - deadline > 0) {
                    waitUntil = deadline;
                }
                Optional<DebugReply> reply = awaitReply(request, waitUntil);
                if (reply.isPresent()) {
                    return reply.get();
                }
            }
        } catch (PortUnreachableException e) {
            throw new ToolFailure(ExitCodes.NO_ANSWER, "nothing is listening at " + where()
                    + " (ICMP port unreachable) for the " + what + " request");
        } catch (IOException e) {
            throw new ToolFailure(ExitCodes.FAILED, "cannot talk to " + where() + ": " + e.getMessage());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        throw new ToolFailure(ExitCodes.NO_ANSWER, String.format(java.util.Locale.ROOT,
                "no reply from %s to the %s request within %.1f s (is an Rx server there?)", where(), what, seconds));
    }

    private Optional<DebugReply> awaitReply(DebugClient.Request request, long waitUntil) throws IOException {
        while (true) {
            long left = waitUntil - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
            DatagramPacket p = new DatagramPacket(receive, receive.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            ByteBuf in = Unpooled.wrappedBuffer(receive, 0, p.getLength());
            Optional<DebugReply> reply = DebugClient.parse(request, in);
            if (reply.isPresent()) {
                return reply;
            }
        }
    }

    private String where() {
        return server.getAddress().getHostAddress() + ":" + server.getPort();
    }

    @Override
    public void close() {
        socket.close();
    }
}
