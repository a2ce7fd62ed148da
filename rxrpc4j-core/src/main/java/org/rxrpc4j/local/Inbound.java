package org.rxrpc4j.local;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;

/**
 * One datagram on its way through the {@link PacketRouter}: where it came from, when, and what
 * the steps so far have decoded. The router owns the datagram; steps must not release it.
 */
final class Inbound {

    final InetSocketAddress from;
    final ByteBuf datagram;
    final long nowNs;
    /** The datagram's length as it arrived (later steps move its reader index). */
    final int length;
    /** Set by the header step. */
    RxHeader header;
    /** Set by the body step. */
    RxPacket packet;

    Inbound(InetSocketAddress from, ByteBuf datagram, long nowNs) {
        this.from = from;
        this.datagram = datagram;
        this.nowNs = nowNs;
        this.length = datagram.readableBytes();
    }
}
