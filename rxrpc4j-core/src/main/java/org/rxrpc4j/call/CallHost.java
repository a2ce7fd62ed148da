package org.rxrpc4j.call;

import io.netty.buffer.ByteBuf;
import org.rxrpc4j.peer.Peer;

/**
 * What a call needs from the connection channel it runs on: the identity its packets carry,
 * the connection's serial counter, the way out to the peer, and a place to report completion.
 * Implemented by the connection; every method runs on the engine thread.
 */
public interface CallHost {

    /** @return the connection's epoch */
    int epoch();

    /** @return the connection ID with the channel bits clear */
    int connectionId();

    /** @return the service ID the connection's packets carry */
    int serviceId();

    /** @return the security index the connection's packets carry */
    int securityIndex();

    /** @return whether this side is the connection's client (sets CLIENT_INITIATED) */
    boolean isClient();

    /** @return the peer at the other end */
    Peer peer();

    /** @return the next transmit serial of the connection; never 0, even across a wrap */
    int nextSerial();

    /**
     * Sends one datagram to the peer. Takes ownership of {@code datagram}.
     *
     * <p>Calls send every packet of theirs through here, so that the connection can count them
     * and note when it last transmitted.
     */
    void send(ByteBuf datagram);

    /**
     * The call has completed. The connection frees the channel and remembers what it needs to
     * answer late packets for this call number (its final ACK or ABORT, rx-protocol.md §6.6).
     * Called exactly once per call.
     */
    void completed(Call call);

    /**
     * @return whether a client call that received its whole reply should leave its final ACK to
     *     the host, which sends it a little later unless the next call on the channel makes it
     *     unnecessary (the kernel's deferred final ACK); false sends it at once
     */
    default boolean defersFinalAck() {
        return false;
    }
}
