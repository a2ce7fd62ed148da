package org.rxrpc4j.rules;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Locale;
import org.rxrpc4j.wire.AbortBody;
import org.rxrpc4j.wire.AckBody;
import org.rxrpc4j.wire.AckReason;
import org.rxrpc4j.wire.DataBody;
import org.rxrpc4j.wire.DecodeException;
import org.rxrpc4j.wire.PacketBody;
import org.rxrpc4j.wire.PacketType;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.rxrpc4j.wire.RxPacket;
import org.rxrpc4j.wire.VersionBody;

/**
 * One datagram seen on the simulated wire, copied out and decoded, so that a test can assert on
 * it long after its buffer was released. The raw bytes are kept too, for facts the codec hides
 * (the ACK pad, for instance).
 */
public final class WirePacket {

    private final long sentNs;
    private long deliveredNs = -1;
    private final InetSocketAddress from;
    private final InetSocketAddress to;
    private final byte[] raw;
    private final RxHeader header;
    private final PacketBody body;
    private final String decodeError;

    WirePacket(long sentNs, InetSocketAddress from, InetSocketAddress to, ByteBuf datagram) {
        this.sentNs = sentNs;
        this.from = from;
        this.to = to;
        this.raw = ByteBufUtil.getBytes(datagram, datagram.readerIndex(), datagram.readableBytes());
        RxHeader h = null;
        PacketBody b = null;
        String error = null;
        // an unpooled heap wrapper: nothing to release, and DATA payload slices stay valid
        ByteBuf copy = Unpooled.wrappedBuffer(raw);
        try {
            RxPacket p = RxPacket.decode(copy);
            h = p.header();
            b = p.body();
        } catch (DecodeException e) {
            error = e.getMessage();
            try {
                h = RxHeader.decode(Unpooled.wrappedBuffer(raw));
            } catch (DecodeException e2) {
                h = null;
            }
        }
        this.header = h;
        this.body = b;
        this.decodeError = error;
    }

    void delivered(long atNs) {
        deliveredNs = atNs;
    }

    /** @return virtual ns (elapsed since the start) at which the datagram was sent */
    public long sentNs() {
        return sentNs;
    }

    /** @return virtual ns at which it reached the addressee, or -1 if it was dropped on the way */
    public long deliveredNs() {
        return deliveredNs;
    }

    public boolean wasDelivered() {
        return deliveredNs >= 0;
    }

    public InetSocketAddress from() {
        return from;
    }

    public InetSocketAddress to() {
        return to;
    }

    /** @return a copy of the datagram's bytes */
    public byte[] raw() {
        return raw.clone();
    }

    public int size() {
        return raw.length;
    }

    /** @return the header, or null if not even the header decodes */
    public RxHeader header() {
        return header;
    }

    /** @return the body, or null if the packet did not decode */
    public PacketBody body() {
        return body;
    }

    /** @return why the packet did not decode, or null */
    public String decodeError() {
        return decodeError;
    }

    public PacketType type() {
        return header == null ? null : header.type();
    }

    public boolean is(PacketType t) {
        return header != null && header.type() == t;
    }

    public int serial() {
        return header.serial();
    }

    public int seq() {
        return header.seq();
    }

    public int callNumber() {
        return header.callNumber();
    }

    public int channel() {
        return header.channel();
    }

    public int connectionId() {
        return header.connectionId();
    }

    public int epoch() {
        return header.epoch();
    }

    public int flags() {
        return header.flags();
    }

    public boolean has(int flag) {
        return header.hasFlags(flag);
    }

    public boolean isClientInitiated() {
        return header.isClientInitiated();
    }

    /** @return whether this is an ACK with the given reason */
    public boolean isAck(int reason) {
        return is(PacketType.ACK) && body instanceof AckBody a && a.reason() == reason;
    }

    public AckBody ack() {
        if (!(body instanceof AckBody a)) {
            throw new AssertionError("not a decoded ACK: " + this);
        }
        return a;
    }

    public int abortCode() {
        if (!(body instanceof AbortBody a)) {
            throw new AssertionError("not a decoded ABORT: " + this);
        }
        return a.code();
    }

    /** @return the DATA payload (or jumbogram remainder) bytes */
    public byte[] payload() {
        if (!(body instanceof DataBody d)) {
            throw new AssertionError("not a decoded DATA packet: " + this);
        }
        return ByteBufUtil.getBytes(d.payload());
    }

    public VersionBody version() {
        if (!(body instanceof VersionBody v)) {
            throw new AssertionError("not a decoded VERSION packet: " + this);
        }
        return v;
    }

    /** @return the bytes after the 28-byte header */
    public int bodyLength() {
        return raw.length - RxHeader.SIZE;
    }

    /** @return the 3 ACK pad bytes as they were on the wire */
    public byte[] ackPad() {
        AckBody a = ack();
        int at = RxHeader.SIZE + AckBody.FIXED_SIZE + a.nAcks();
        return Arrays.copyOfRange(raw, at, Math.min(raw.length, at + AckBody.PAD_SIZE));
    }

    @Override
    public String toString() {
        if (header == null) {
            return String.format(Locale.ROOT, "%.3fms %d bytes (undecodable)", sentNs / 1e6, raw.length);
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%.3fms %s:%d>%s:%d %s cid=%08x call=%d seq=%d serial=%d flags=%s", sentNs / 1e6,
                from.getHostString(), from.getPort(), to.getHostString(), to.getPort(), header.type(),
                header.cid(), header.callNumber(), Integer.toUnsignedLong(header.seq()),
                Integer.toUnsignedLong(header.serial()), flagNames(header.flags())));
        if (body instanceof AckBody a) {
            sb.append(" ").append(AckReason.name(a.reason())).append(" first=").append(a.firstPacket())
                    .append(" prev=").append(a.previousPacket()).append(" aserial=").append(a.serial())
                    .append(" acks=").append(ackString(a));
            if (a.trailer() != null) {
                sb.append(" rwind=").append(a.trailer().rwind());
            }
        } else if (body instanceof AbortBody a) {
            sb.append(" code=").append(a.code());
        } else if (body instanceof DataBody d) {
            sb.append(" len=").append(d.length());
        }
        if (decodeError != null) {
            sb.append(" !").append(decodeError);
        }
        if (deliveredNs < 0) {
            sb.append(" (dropped)");
        }
        return sb.toString();
    }

    static String ackString(AckBody a) {
        StringBuilder sb = new StringBuilder();
        for (byte b : a.acks()) {
            sb.append(b == AckBody.ACK_TYPE_ACK ? 'A' : b == AckBody.ACK_TYPE_NACK ? 'N' : '?');
        }
        return sb.toString();
    }

    static String flagNames(int f) {
        StringBuilder sb = new StringBuilder();
        if ((f & RxFlags.CLIENT_INITIATED) != 0) sb.append("C");
        if ((f & RxFlags.REQUEST_ACK) != 0) sb.append("R");
        if ((f & RxFlags.LAST_PACKET) != 0) sb.append("L");
        if ((f & RxFlags.MORE_PACKETS) != 0) sb.append("M");
        if ((f & RxFlags.JUMBO_PACKET) != 0) sb.append("J"); // SLOW_START_OK on an ACK
        return sb.isEmpty() ? "-" : sb.toString();
    }
}
