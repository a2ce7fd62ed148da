package org.rxrpc4j.debug;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import org.rxrpc4j.view.CallView;

/** OpenAFS's numbers for call states, modes and flags, and its IPv4 host form. */
final class OpenAfsCodes {

    /** RX_STATE_NOTINIT: no call on the channel. */
    static final int STATE_NOTINIT = 0;
    /** RX_STATE_PRECALL. */
    static final int STATE_PRECALL = 1;
    /** RX_STATE_ACTIVE. */
    static final int STATE_ACTIVE = 2;
    /** RX_STATE_DALLY. */
    static final int STATE_DALLY = 3;

    /** RX_MODE_SENDING. */
    static final int MODE_SENDING = 1;
    /** RX_MODE_RECEIVING. */
    static final int MODE_RECEIVING = 2;
    /** RX_MODE_EOF. */
    static final int MODE_EOF = 4;

    /** RX_CALL_RECEIVE_DONE. */
    static final int CALL_RECEIVE_DONE = 32;
    /** RX_OTHER_IN: packets in the receive queue. */
    static final int OTHER_IN = 1;
    /** RX_OTHER_OUT: packets in the transmit queue. */
    static final int OTHER_OUT = 2;

    /** RX_CONN_MAKECALL_WAITING | RX_CONN_DESTROY_ME: the flags that make a connection interesting. */
    static final int INTERESTING_CONN_FLAGS = 1 | 2;

    private OpenAfsCodes() {}

    /** @return the RX_STATE_* of a running call */
    static int state(CallView call) {
        return switch (call.phase()) {
            case SENDING, RECEIVING -> STATE_ACTIVE;
            case AWAITING_FINAL_ACK, COMPLETE -> STATE_DALLY;
        };
    }

    /** @return the RX_MODE_* of a running call */
    static int mode(CallView call) {
        return switch (call.phase()) {
            case SENDING -> MODE_SENDING;
            case RECEIVING -> MODE_RECEIVING;
            case AWAITING_FINAL_ACK, COMPLETE -> MODE_EOF;
        };
    }

    /** @return the low 8 bits of OpenAFS's call flags that this engine can say */
    static int callFlags(CallView call) {
        return call.receiveDone() ? CALL_RECEIVE_DONE : 0;
    }

    /** @return the RX_OTHER_* bits of a running call */
    static int other(CallView call) {
        return (call.hasQueuedReceive() ? OTHER_IN : 0) | (call.hasQueuedTransmit() ? OTHER_OUT : 0);
    }

    /**
     * @return the IPv4 address as OpenAFS stores it (network order, so its four bytes read
     *     big-endian); 0 for an address that is not IPv4, which OpenAFS cannot express
     */
    static int host(InetSocketAddress address) {
        if (!(address.getAddress() instanceof Inet4Address v4)) {
            return 0;
        }
        byte[] b = v4.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** @return {@code value} clamped into 0..65535 */
    static int u16(long value) {
        return (int) Math.max(0, Math.min(value, 0xffff));
    }
}
