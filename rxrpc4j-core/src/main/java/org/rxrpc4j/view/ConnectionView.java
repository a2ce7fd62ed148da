package org.rxrpc4j.view;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * One connection at the moment of the snapshot.
 *
 * @param peer the peer's UDP address
 * @param client whether this side is the connection's client
 * @param epoch the connection epoch
 * @param cid the connection ID, channel bits clear
 * @param serviceId the service ID
 * @param securityIndex the security index
 * @param serial the last serial this side transmitted on the connection (0 if none)
 * @param error the abort code if the peer aborted the whole connection, else 0
 * @param callNumbers per channel (4 entries), the highest call number used or seen, 0 if none
 * @param calls the calls running on the connection's channels, in channel order; a channel
 *     without a call has no entry
 * @param peerNatMtu the peer's natural MTU as this side knows it (user bytes per packet)
 */
public record ConnectionView(
        InetSocketAddress peer,
        boolean client,
        int epoch,
        int cid,
        int serviceId,
        int securityIndex,
        int serial,
        int error,
        List<Integer> callNumbers,
        List<CallView> calls,
        int peerNatMtu) {

    /** Channels per connection. */
    public static final int CHANNELS = 4;

    /** Checks sizes and takes immutable copies of the lists. */
    public ConnectionView {
        Objects.requireNonNull(peer, "peer");
        callNumbers = List.copyOf(callNumbers);
        if (callNumbers.size() != CHANNELS) {
            throw new IllegalArgumentException("callNumbers needs " + CHANNELS + " entries");
        }
        calls = List.copyOf(calls);
    }

    /** @return the call running on {@code channel}, or null */
    public CallView call(int channel) {
        for (CallView c : calls) {
            if (c.channel() == channel) {
                return c;
            }
        }
        return null;
    }
}
