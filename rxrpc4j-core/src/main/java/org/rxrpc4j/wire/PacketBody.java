package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;

/**
 * The part of an Rx packet after the 28-byte {@link RxHeader}. Which implementation a packet
 * carries follows from its header type (see {@link RxPacket#decode}).
 *
 * <p>Not sealed: the security and debug bodies live in their own files and are added to the
 * dispatcher as they are written.
 */
public interface PacketBody {

    /** Writes the body at the writer index of {@code out}, leaving any buffer it holds untouched. */
    void encode(ByteBuf out);

    /** @return the number of bytes {@link #encode} writes */
    int encodedLength();
}
