package org.rxrpc4j.rules;

import java.io.ByteArrayOutputStream;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.AckTrailer;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;

/**
 * A scripted server that receives a real client's request and ACKs every DATA packet at once
 * with an exact, test-chosen ACK: firstPacket = the lowest seq not yet received, a soft-ACK
 * table up to the highest seq received, the advertised rwind, and the DATA's serial (or 0).
 * When the whole request is in, it sends a one-packet reply so that the call can complete.
 * It never answers PINGs unless told to.
 */
final class ScriptedReceiver {

    final ScriptedPeer peer;
    private final TreeMap<Integer, byte[]> got = new TreeMap<>();
    private int first = 1;
    private int highest;
    private int lastSeq = -1;
    private WirePacket request;
    int rwind = 32;
    int maxMtu = 1444;
    int ifMtu = 1444;
    boolean ackSerialZero;
    boolean autoAck = true;
    boolean answerPings;
    boolean reply = true;
    boolean replied;
    byte[] replyBytes = "reply".getBytes();
    /** DATA packets it acts as if it never received (they are still recorded in the inbox). */
    Predicate<WirePacket> ignore = p -> false;

    ScriptedReceiver(ScriptedPeer peer) {
        this.peer = peer;
        peer.onPacket(this::onPacket);
    }

    private void onPacket(WirePacket p) {
        if (p.is(PacketType.ACK) && p.ack().reason() == AckReason.PING && answerPings) {
            peer.sendTo(p.from(), peer.replyAck(p, 0, new AckBody(0, 0, first, highest, p.serial(),
                    AckReason.PING_RESPONSE, table(), new AckTrailer(maxMtu, ifMtu, rwind, 4))));
            return;
        }
        if (!p.is(PacketType.DATA) || ignore.test(p)) {
            return;
        }
        request = p;
        got.putIfAbsent(p.seq(), p.payload());
        if (p.has(RxFlags.LAST_PACKET)) {
            lastSeq = p.seq();
        }
        highest = Math.max(highest, p.seq());
        while (got.containsKey(first)) {
            first++;
        }
        if (autoAck) {
            int reason = p.has(RxFlags.REQUEST_ACK) ? AckReason.REQUESTED : AckReason.IDLE;
            ack(p, reason);
        }
        if (reply && !replied && complete()) {
            replied = true;
            peer.sendTo(p.from(), peer.replyData(p, 1, RxFlags.LAST_PACKET, replyBytes));
        }
    }

    /** Sends the ACK of the current state, caused by {@code cause}. */
    void ack(WirePacket cause, int reason) {
        peer.sendTo(cause.from(), peer.replyAck(cause, 0, new AckBody(0, 0, first, highest,
                ackSerialZero ? 0 : cause.serial(), reason, table(), new AckTrailer(maxMtu, ifMtu, rwind, 4))));
    }

    /** Sends an arbitrary ACK body on the request's call. */
    void sendAck(AckBody body) {
        peer.sendTo(request.from(), peer.replyAck(request, 0, body));
    }

    private byte[] table() {
        int n = Math.max(0, Math.min(255, highest - first + 1));
        byte[] t = new byte[n];
        for (int i = 0; i < n; i++) {
            t[i] = (byte) (got.containsKey(first + i) ? AckBody.ACK_TYPE_ACK : AckBody.ACK_TYPE_NACK);
        }
        return t;
    }

    boolean complete() {
        return lastSeq > 0 && first > lastSeq;
    }

    int firstPacket() {
        return first;
    }

    WirePacket request() {
        return request;
    }

    /** @return the request bytes received, in order */
    byte[] requestBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        got.values().forEach(out::writeBytes);
        return out.toByteArray();
    }
}
