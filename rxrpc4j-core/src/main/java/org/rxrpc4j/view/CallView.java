package org.rxrpc4j.view;

import java.util.Objects;

/**
 * One running call on a connection channel, as seen at the moment of the snapshot.
 *
 * @param channel the channel, 0..3
 * @param callNumber the call number
 * @param service whether this side serves the call
 * @param phase what the call is doing
 * @param state the engine's own name for the call state (for humans)
 * @param hasQueuedReceive whether received DATA waits in the call's receive queue
 * @param hasQueuedTransmit whether DATA this side queued is not yet hard-ACKed
 * @param receiveDone whether every DATA packet of the peer has arrived
 * @param cwnd the call's congestion window, in packets
 */
public record CallView(
        int channel,
        int callNumber,
        boolean service,
        Phase phase,
        String state,
        boolean hasQueuedReceive,
        boolean hasQueuedTransmit,
        boolean receiveDone,
        int cwnd) {

    /** What a running call is doing. */
    public enum Phase {
        /** Sending this side's DATA (a request, or a reply). */
        SENDING,
        /** Waiting for or receiving the peer's DATA. */
        RECEIVING,
        /** A service call whose whole reply is sent, waiting for the client's final ACK. */
        AWAITING_FINAL_ACK,
        /** Complete, still holding data the application has not read. */
        COMPLETE
    }

    /** Checks the channel and requires the phase and state. */
    public CallView {
        if (channel < 0 || channel > 3) {
            throw new IllegalArgumentException("channel " + channel);
        }
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(state, "state");
    }
}
