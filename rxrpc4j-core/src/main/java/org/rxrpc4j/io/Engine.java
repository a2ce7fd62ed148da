package org.rxrpc4j.io;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * What an I/O loop drives: a sans-I/O protocol engine fed datagrams and due deadlines, each with
 * the current time (design §1). The local endpoint implements it; tests use small engines of
 * their own.
 *
 * <p>All calls happen on the endpoint's I/O thread, one at a time, so an implementation needs
 * no locking for its own state. None of the methods may block. An exception thrown by any of
 * them is logged and counted by the loop ({@code ENGINE_CALLBACK_ERRORS}) and does not stop it.
 */
public interface Engine {

    /**
     * One datagram arrived.
     *
     * @param from the sender
     * @param datagram the payload; the engine takes ownership and must release it (or hand it on)
     * @param nowNs the current reading of the endpoint's {@link org.rxrpc4j.env.Ticker}
     */
    void onDatagram(InetSocketAddress from, ByteBuf datagram, long nowNs);

    /**
     * Runs every deadline that is due at {@code nowNs}. The loop calls it at or after the
     * deadline last reported by {@link #nextDeadlineNs()}.
     *
     * @param nowNs the current reading of the endpoint's {@link org.rxrpc4j.env.Ticker}
     */
    void runDue(long nowNs);

    /**
     * @return the earliest pending deadline on the endpoint's ticker, or {@link Long#MAX_VALUE}
     *     if there is none. Asked after every batch of work, so it must be cheap.
     */
    long nextDeadlineNs();
}
