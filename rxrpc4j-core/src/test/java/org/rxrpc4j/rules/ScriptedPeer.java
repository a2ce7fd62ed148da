package org.rxrpc4j.rules;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.rxrpc4j.sim.SimNode;
import org.rxrpc4j.wire.AbortBody;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.AckTrailer;
import org.rxrpc4j.wire.DataBody;
import org.rxrpc4j.wire.EmptyBody;
import org.rxrpc4j.wire.Jumbogram;
import org.rxrpc4j.wire.PacketBody;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;

/**
 * A protocol test driver on a {@link SimNode}: it sends hand-built packets (well-formed or not)
 * and records, decoded and with the virtual time of arrival, every datagram sent to it. It is
 * not an Rx implementation: it answers nothing unless the test says so ({@link #onPacket}).
 *
 * <p>As a client it has its own epoch (bit 31 set), connection ID and serial counter; as a
 * server it answers with {@link #replyHeader}, which copies the client's connection identity.
 */
public final class ScriptedPeer {

    /** The default connection ID of a scripted client (channel bits clear). */
    public static final int DEFAULT_CID = 0x0000_4000;

    private final World world;
    private final SimNode node;
    private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);
    private final List<WirePacket> inbox = new ArrayList<>();
    private Consumer<WirePacket> onPacket = p -> { };
    private int epoch = 0x8000_0000 | 0x0123_4567;
    private int cid = DEFAULT_CID;
    private int serviceId;
    private int securityIndex;
    private int serial;
    private InetSocketAddress target;

    ScriptedPeer(World world, SimNode node) {
        this.world = world;
        this.node = node;
        node.receiver((from, datagram) -> {
            try {
                WirePacket p = new WirePacket(world.elapsedNs(), from, node.address(), datagram);
                p.delivered(world.elapsedNs());
                inbox.add(p);
                onPacket.accept(p);
            } finally {
                datagram.release();
            }
        });
    }

    /** @return this peer's address */
    public InetSocketAddress address() {
        return node.address();
    }

    /** @return the node */
    public SimNode node() {
        return node;
    }

    /** Points the client role of this peer at {@code endpoint}'s service {@code serviceId}. */
    public ScriptedPeer target(InetSocketAddress endpoint, int service) {
        this.target = endpoint;
        this.serviceId = service;
        return this;
    }

    public ScriptedPeer epoch(int e) {
        this.epoch = e;
        return this;
    }

    public int epoch() {
        return epoch;
    }

    /** Sets the connection ID (channel bits are ignored). */
    public ScriptedPeer cid(int c) {
        this.cid = c & RxHeader.CID_MASK;
        return this;
    }

    public int cid() {
        return cid;
    }

    public ScriptedPeer securityIndex(int s) {
        this.securityIndex = s;
        return this;
    }

    public ScriptedPeer serviceId(int s) {
        this.serviceId = s;
        return this;
    }

    /** Sets the serial the next packet gets minus one. */
    public ScriptedPeer serialBase(int s) {
        this.serial = s;
        return this;
    }

    /** Called for each packet as it arrives (after it is recorded). */
    public ScriptedPeer onPacket(Consumer<WirePacket> handler) {
        this.onPacket = handler;
        return this;
    }

    /** @return the allocator this peer sends from, so a test can prove it released everything */
    public long bytesInUse() {
        return allocator.metric().usedHeapMemory() + allocator.metric().usedDirectMemory();
    }

    /** @return the next serial (never 0) */
    public int nextSerial() {
        serial = serial + 1 == 0 ? 1 : serial + 1;
        return serial;
    }

    // ---- what arrived ----

    /** @return everything received so far, in arrival order */
    public List<WirePacket> inbox() {
        return List.copyOf(inbox);
    }

    /** @return received packets matching {@code filter} */
    public List<WirePacket> received(Predicate<WirePacket> filter) {
        return inbox.stream().filter(filter).collect(Collectors.toList());
    }

    /** @return received packets of {@code type} */
    public List<WirePacket> received(PacketType type) {
        return received(p -> p.is(type));
    }

    /** @return received ACKs with {@code reason} */
    public List<WirePacket> acks(int reason) {
        return received(p -> p.isAck(reason));
    }

    /** Forgets what arrived so far. */
    public void clearInbox() {
        inbox.clear();
    }

    // ---- building packets (client role) ----

    /** A header of this peer's client connection, CLIENT_INITIATED, serial from the counter. */
    public RxHeader header(PacketType type, int channel, int callNumber, int seq, int flags) {
        return new RxHeader(epoch, cid | (channel & RxHeader.CHANNEL_MASK), callNumber, seq, nextSerial(), type,
                flags | RxFlags.CLIENT_INITIATED, 0, securityIndex, 0, serviceId);
    }

    /** A client DATA packet with {@code payload}. */
    public RxPacket data(int channel, int callNumber, int seq, int flags, byte[] payload) {
        return new RxPacket(header(PacketType.DATA, channel, callNumber, seq, flags),
                new DataBody(Unpooled.wrappedBuffer(payload)));
    }

    /** A client ACK. */
    public RxPacket ack(int channel, int callNumber, int flags, AckBody body) {
        return new RxPacket(header(PacketType.ACK, channel, callNumber, 0, flags | RxFlags.SLOW_START_OK), body);
    }

    /** A client ABORT. */
    public RxPacket abort(int channel, int callNumber, int code) {
        return new RxPacket(header(PacketType.ABORT, channel, callNumber, 0, 0), new AbortBody(code));
    }

    /** A header-only client packet (BUSY, ACKALL...). */
    public RxPacket empty(PacketType type, int channel, int callNumber, int flags) {
        return new RxPacket(header(type, channel, callNumber, 0, flags), EmptyBody.EMPTY);
    }

    // ---- building packets (server role: answering a real client) ----

    /**
     * A header answering {@code cause}'s call: its epoch, cid, call number, service and security
     * index, CLIENT_INITIATED clear, a serial from this peer's counter.
     */
    public RxHeader replyHeader(WirePacket cause, PacketType type, int seq, int flags) {
        RxHeader c = cause.header();
        return new RxHeader(c.epoch(), c.cid(), c.callNumber(), seq, nextSerial(), type,
                flags & ~RxFlags.CLIENT_INITIATED, 0, c.securityIndex(), 0, c.serviceId());
    }

    /** A reply DATA packet on {@code cause}'s call. */
    public RxPacket replyData(WirePacket cause, int seq, int flags, byte[] payload) {
        return new RxPacket(replyHeader(cause, PacketType.DATA, seq, flags),
                new DataBody(Unpooled.wrappedBuffer(payload)));
    }

    /** An ACK on {@code cause}'s call from the server role. */
    public RxPacket replyAck(WirePacket cause, int flags, AckBody body) {
        return new RxPacket(replyHeader(cause, PacketType.ACK, 0, flags | RxFlags.SLOW_START_OK), body);
    }

    /** An ACK body with a full trailer. */
    public static AckBody ackBody(int firstPacket, int previousPacket, int serial, int reason, byte[] acks,
            int rwind) {
        return new AckBody(0, 0, firstPacket, previousPacket, serial, reason, acks,
                new AckTrailer(1444, 1444, rwind, 4));
    }

    /** An ACK body that hard-acks everything below {@code firstPacket} and soft-acks nothing. */
    public static AckBody hardAck(int firstPacket, int serial, int reason) {
        return ackBody(firstPacket, firstPacket - 1, serial, reason, new byte[0], 32);
    }

    /** A soft-ACK table from a string of 'A' and 'N'. */
    public static byte[] table(String an) {
        byte[] t = new byte[an.length()];
        for (int i = 0; i < t.length; i++) {
            t[i] = (byte) (an.charAt(i) == 'A' ? AckBody.ACK_TYPE_ACK : AckBody.ACK_TYPE_NACK);
        }
        return t;
    }

    // ---- sending ----

    /** Sends {@code packet} to the client target. */
    public void send(RxPacket packet) {
        sendTo(requireTarget(), packet);
    }

    /** Sends {@code packet} to {@code to}. */
    public void sendTo(InetSocketAddress to, RxPacket packet) {
        ByteBuf buf = allocator.heapBuffer(packet.encodedLength());
        packet.encode(buf);
        node.send(to, buf);
    }

    /** Sends the subpackets as one jumbogram to the client target. */
    public void sendJumbo(List<RxPacket> subpackets) {
        ByteBuf buf = allocator.heapBuffer(Jumbogram.encodedLength(subpackets));
        Jumbogram.encode(subpackets, buf);
        node.send(requireTarget(), buf);
    }

    /** Sends exactly these bytes to the client target. */
    public void sendRaw(byte[] bytes) {
        sendRawTo(requireTarget(), bytes);
    }

    /** Sends exactly these bytes to {@code to}. */
    public void sendRawTo(InetSocketAddress to, byte[] bytes) {
        ByteBuf buf = allocator.heapBuffer(bytes.length);
        buf.writeBytes(bytes);
        node.send(to, buf);
    }

    /** @return the encoded bytes of {@code packet} (for tests that then corrupt them) */
    public static byte[] encode(RxPacket packet) {
        ByteBuf buf = Unpooled.buffer(packet.encodedLength());
        packet.encode(buf);
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    /**
     * Builds the subpackets of a jumbogram of {@code count} packets from seq {@code firstSeq},
     * each 1412 bytes but the last ({@code lastLength}); serials consecutive from this peer's
     * counter. LAST_PACKET goes on the final subpacket if {@code last}.
     */
    public List<RxPacket> jumbo(int channel, int callNumber, int firstSeq, int count, int lastLength,
            boolean last, byte[] source, int sourceOffset) {
        List<RxPacket> out = new ArrayList<>();
        RxHeader first = header(PacketType.DATA, channel, callNumber, firstSeq,
                count > 1 ? RxFlags.JUMBO_PACKET : (last ? RxFlags.LAST_PACKET : 0));
        int off = sourceOffset;
        RxHeader h = first;
        for (int i = 0; i < count; i++) {
            boolean final_ = i == count - 1;
            int len = final_ ? lastLength : Jumbogram.JUMBO_DATALEN;
            PacketBody body = new DataBody(Unpooled.wrappedBuffer(source, off, len));
            off += len;
            out.add(new RxPacket(h, body));
            if (!final_) {
                boolean nextFinal = i + 1 == count - 1;
                int flags = RxFlags.CLIENT_INITIATED
                        | (nextFinal ? (last ? RxFlags.LAST_PACKET : 0) : RxFlags.JUMBO_PACKET);
                h = new RxHeader(h.epoch(), h.cid(), h.callNumber(), h.seq() + 1, nextSerial(), PacketType.DATA,
                        flags, 0, h.securityIndex(), 0, h.serviceId());
            }
        }
        return out;
    }

    private InetSocketAddress requireTarget() {
        if (target == null) {
            throw new IllegalStateException("no target: call target(...) first");
        }
        return target;
    }

    /** Convenience: the last ACK received, or null. */
    public WirePacket lastAck() {
        WirePacket last = null;
        for (WirePacket p : inbox) {
            if (p.is(PacketType.ACK)) {
                last = p;
            }
        }
        return last;
    }

    /** @return the ACK reason's name, for messages */
    public static String reasonName(int reason) {
        return AckReason.name(reason);
    }
}
