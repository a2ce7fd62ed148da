package org.rxrpc4j.call;

/**
 * Where a call is in its life (the kernel's {@code enum rxrpc_call_state}). A call ends in
 * {@link #COMPLETE}, with a {@link Completion} saying how.
 */
public enum CallState {
    /** Client: sending the request. */
    CLIENT_SEND_REQUEST,
    /** Client: the whole request is queued and sent; waiting for the first reply packet. */
    CLIENT_AWAIT_REPLY,
    /** Client: receiving the reply. */
    CLIENT_RECV_REPLY,
    /** Service: receiving the request. */
    SERVER_RECV_REQUEST,
    /** Service: the whole request has arrived; the application has not started the reply. */
    SERVER_ACK_REQUEST,
    /** Service: sending the reply. */
    SERVER_SEND_REPLY,
    /** Service: the whole reply is sent; waiting for the client to hard-ACK it. */
    SERVER_AWAIT_ACK,
    /** Terminal: see {@link Call#completion()}. */
    COMPLETE;

    /** @return whether this state belongs to the client side of a call */
    public boolean isClient() {
        return this == CLIENT_SEND_REQUEST || this == CLIENT_AWAIT_REPLY || this == CLIENT_RECV_REPLY;
    }
}
