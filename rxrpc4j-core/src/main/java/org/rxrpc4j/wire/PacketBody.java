package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;

/**
 * The part of an Rx packet after the 28-byte header. Each body type is an immutable value that
 * writes itself at a buffer's writer index and knows its exact size, so a sender can size the
 * datagram before encoding.
 */
public interface PacketBody { void encode(ByteBuf out); int encodedLength(); }
