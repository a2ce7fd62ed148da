package org.rxrpc4j.io;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * Where the engine puts the datagrams it sends: a UDP socket in production, the simulated
 * network in tests. Called only on the endpoint's engine thread.
 */
@FunctionalInterface
public interface DatagramSink {

    /**
     * Sends one datagram. The sink takes ownership of {@code datagram} and releases it once it
     * is sent or dropped; the caller must not touch it afterwards.
     */
    void send(InetSocketAddress to, ByteBuf datagram);
}
