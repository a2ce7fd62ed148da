package org.rxrpc4j.conn;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * The way out for the datagrams of connections and their calls. The endpoint implements it (it
 * counts them and hands them to its socket); {@code conn} itself stays free of I/O.
 */
@FunctionalInterface
public interface Outbound {

    /** Sends one datagram to {@code to}, taking ownership of it. */
    void send(InetSocketAddress to, ByteBuf datagram);
}
