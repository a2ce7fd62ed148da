package org.rxrpc4j.wire.pcap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads the UDP datagrams out of a packet capture, for codec fixtures. Test code only; no
 * dependency beyond the JDK.
 *
 * <p>Formats: classic libpcap (both byte orders, microsecond magic {@code a1b2c3d4} and
 * nanosecond magic {@code a1b23c4d}) and pcapng (the format tshark/dumpcap write by default,
 * whatever the file name says: Section Header, Interface Description with {@code if_tsresol}
 * and {@code if_tsoffset}, Enhanced and Simple Packet blocks; other blocks are skipped).
 * Link types: Ethernet (1, with 802.1Q/802.1ad tags), Linux cooked SLL (113) and SLL2 (276),
 * BSD loopback NULL (0) and LOOP (108), raw IP (101, 12, 14, 228, 229). Network layers: IPv4
 * and IPv6 (with hop-by-hop, routing and destination-options extension headers).
 *
 * <p>Frames are numbered from 1 in file order, as tshark numbers them; every packet record
 * counts, including the ones that are not UDP. Only unfragmented UDP datagrams are returned
 * as {@link Frame}s; {@link Capture#totalFrames()} counts all records. A malformed file, or a
 * UDP datagram cut short by the snap length, raises {@link PcapFormatException} naming the
 * file, the frame and the problem.
 */
public final class PcapReader {

    /** Ethernet. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** BSD loopback: 4-byte address family in the writer's byte order. */
    public static final int LINKTYPE_NULL = 0;
    /** OpenBSD loopback: 4-byte address family in network order. */
    public static final int LINKTYPE_LOOP = 108;
    /** Raw IP (the IP version is in the first nibble). */
    public static final int LINKTYPE_RAW = 101;
    /** Linux cooked capture v1. */
    public static final int LINKTYPE_LINUX_SLL = 113;
    /** Linux cooked capture v2. */
    public static final int LINKTYPE_LINUX_SLL2 = 276;
    /** Raw IPv4. */
    public static final int LINKTYPE_IPV4 = 228;
    /** Raw IPv6. */
    public static final int LINKTYPE_IPV6 = 229;

    private static final int PCAP_MAGIC_US = 0xa1b2c3d4;
    private static final int PCAP_MAGIC_NS = 0xa1b23c4d;
    private static final int PCAPNG_SHB = 0x0a0d0d0a;
    private static final int PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;
    private static final int PCAPNG_IDB = 1;
    private static final int PCAPNG_PB_OBSOLETE = 2;
    private static final int PCAPNG_SPB = 3;
    private static final int PCAPNG_EPB = 6;
    private static final int IPPROTO_UDP = 17;
    private static final int MAX_RECORD = 1 << 28;

    /**
     * One UDP datagram of the capture.
     *
     * @param number frame number in the file, 1-based (tshark's {@code frame.number})
     * @param timestamp capture time
     * @param linkType the link type of the interface the frame was captured on
     * @param source source address and UDP port
     * @param destination destination address and UDP port
     * @param udpLength the UDP header's length field (8 + payload length)
     * @param payload the UDP payload (a copy; the caller may keep it)
     */
    public record Frame(int number, Instant timestamp, int linkType, InetSocketAddress source,
            InetSocketAddress destination, int udpLength, byte[] payload) {

        public Frame {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public String toString() {
            return "frame " + number + " " + source + " -> " + destination + " ("
                    + payload.length + " bytes)";
        }
    }

    /**
     * @param name the file name, for messages
     * @param format "pcap" or "pcapng"
     * @param totalFrames number of packet records in the file (UDP or not)
     * @param frames the UDP datagrams, in file order
     */
    public record Capture(String name, String format, int totalFrames, List<Frame> frames) {
        public Capture {
            frames = List.copyOf(frames);
        }
    }

    private final String name;
    private final ByteBuffer in;
    private final List<Frame> frames = new ArrayList<>();
    private int frameNumber;

    private PcapReader(String name, byte[] data) {
        this.name = name;
        this.in = ByteBuffer.wrap(data);
    }

    /** Reads a whole capture file. */
    public static Capture read(Path file) throws IOException {
        return read(file.getFileName().toString(), Files.readAllBytes(file));
    }

    /**
     * Reads a capture held in memory.
     *
     * @param name a name for messages
     */
    public static Capture read(String name, byte[] data) throws PcapFormatException {
        return new PcapReader(name, data).readAll();
    }

    private Capture readAll() throws PcapFormatException {
        if (in.remaining() < 4) {
            throw error("too short for a capture header (" + in.remaining() + " bytes)");
        }
        int magic = in.getInt(0);
        if (magic == PCAPNG_SHB) {
            readPcapng();
            return new Capture(name, "pcapng", frameNumber, frames);
        }
        if (magic == PCAP_MAGIC_US || magic == PCAP_MAGIC_NS
                || magic == Integer.reverseBytes(PCAP_MAGIC_US)
                || magic == Integer.reverseBytes(PCAP_MAGIC_NS)) {
            readPcap();
            return new Capture(name, "pcap", frameNumber, frames);
        }
        throw error(String.format("not a pcap or pcapng file (magic %08x)", magic));
    }

    // ---- classic libpcap ------------------------------------------------------------------

    private void readPcap() throws PcapFormatException {
        int magic = in.getInt(0);
        if (magic == Integer.reverseBytes(PCAP_MAGIC_US)
                || magic == Integer.reverseBytes(PCAP_MAGIC_NS)) {
            in.order(ByteOrder.LITTLE_ENDIAN);
            magic = Integer.reverseBytes(magic);
        }
        boolean nanos = magic == PCAP_MAGIC_NS;
        if (in.remaining() < 24) {
            throw error("truncated pcap file header (" + in.remaining() + " of 24 bytes)");
        }
        in.position(4);
        int major = Short.toUnsignedInt(in.getShort());
        int minor = Short.toUnsignedInt(in.getShort());
        if (major != 2) {
            throw error("unsupported pcap version " + major + "." + minor);
        }
        in.getInt(); // thiszone
        in.getInt(); // sigfigs
        in.getInt(); // snaplen
        int linkType = in.getInt() & 0xffff; // upper bits: FCS length
        while (in.hasRemaining()) {
            int at = in.position();
            if (in.remaining() < 16) {
                throw error("truncated record header at offset " + at + " after frame "
                        + frameNumber);
            }
            long sec = Integer.toUnsignedLong(in.getInt());
            long frac = Integer.toUnsignedLong(in.getInt());
            long inclLen = Integer.toUnsignedLong(in.getInt());
            long origLen = Integer.toUnsignedLong(in.getInt());
            frameNumber++;
            if (inclLen > MAX_RECORD || inclLen > in.remaining()) {
                throw error("frame " + frameNumber + " at offset " + at + ": captured length "
                        + inclLen + " runs past the end of the file (" + in.remaining()
                        + " bytes left)");
            }
            if (frac >= (nanos ? 1_000_000_000L : 1_000_000L)) {
                throw error("frame " + frameNumber + ": sub-second timestamp " + frac
                        + " out of range");
            }
            Instant ts = Instant.ofEpochSecond(sec, nanos ? frac : frac * 1000);
            byte[] data = new byte[(int) inclLen];
            in.get(data);
            packet(ts, linkType, data, origLen);
        }
    }

    // ---- pcapng ---------------------------------------------------------------------------

    private record Interface(int linkType, long unitsPerSecondPow, boolean binary, long offsetSec) {}

    private void readPcapng() throws PcapFormatException {
        List<Interface> interfaces = new ArrayList<>();
        boolean sawSection = false;
        while (in.hasRemaining()) {
            int at = in.position();
            if (in.remaining() < 12) {
                throw error("truncated pcapng block header at offset " + at);
            }
            int type = in.getInt(at);
            if (type == PCAPNG_SHB) {
                // the byte-order magic decides how this section (including this length) reads
                int bom = in.getInt(at + 8);
                if (bom == PCAPNG_BYTE_ORDER_MAGIC) {
                    in.order(ByteOrder.BIG_ENDIAN);
                } else if (bom == Integer.reverseBytes(PCAPNG_BYTE_ORDER_MAGIC)) {
                    in.order(ByteOrder.LITTLE_ENDIAN);
                } else {
                    throw error(String.format("pcapng section at offset %d: bad byte-order magic"
                            + " %08x", at, bom));
                }
                interfaces.clear();
                sawSection = true;
            } else if (!sawSection) {
                throw error("pcapng file does not start with a section header block");
            }
            long len = Integer.toUnsignedLong(in.getInt(at + 4));
            if (len < 12 || len % 4 != 0 || len > in.remaining()) {
                throw error("pcapng block type " + type + " at offset " + at + ": bad length "
                        + len + " (" + in.remaining() + " bytes left)");
            }
            int end = at + (int) len;
            if (in.getInt(end - 4) != (int) len) {
                throw error("pcapng block at offset " + at + ": trailing length "
                        + Integer.toUnsignedLong(in.getInt(end - 4)) + " != " + len);
            }
            int body = at + 8;
            int bodyEnd = end - 4;
            switch (type) {
                case PCAPNG_SHB -> {
                    if (bodyEnd - body < 16) {
                        throw error("pcapng section header at offset " + at + " too short");
                    }
                    int major = Short.toUnsignedInt(in.getShort(body + 4));
                    if (major != 1) {
                        throw error("unsupported pcapng version " + major);
                    }
                }
                case PCAPNG_IDB -> interfaces.add(interfaceBlock(at, body, bodyEnd));
                case PCAPNG_EPB, PCAPNG_PB_OBSOLETE -> {
                    if (bodyEnd - body < 20) {
                        throw error("pcapng packet block at offset " + at + " too short");
                    }
                    int ifId = type == PCAPNG_EPB ? in.getInt(body)
                            : Short.toUnsignedInt(in.getShort(body));
                    long tsHigh = Integer.toUnsignedLong(in.getInt(body + 4));
                    long tsLow = Integer.toUnsignedLong(in.getInt(body + 8));
                    long capLen = Integer.toUnsignedLong(in.getInt(body + 12));
                    long origLen = Integer.toUnsignedLong(in.getInt(body + 16));
                    frameNumber++;
                    if (ifId < 0 || ifId >= interfaces.size()) {
                        throw error("frame " + frameNumber + ": unknown interface " + ifId);
                    }
                    if (capLen > bodyEnd - body - 20) {
                        throw error("frame " + frameNumber + " at offset " + at
                                + ": captured length " + capLen + " exceeds its block");
                    }
                    Interface itf = interfaces.get(ifId);
                    byte[] data = Arrays.copyOfRange(in.array(), body + 20, body + 20 + (int) capLen);
                    packet(timestamp(itf, (tsHigh << 32) | tsLow), itf.linkType, data, origLen);
                }
                case PCAPNG_SPB -> {
                    if (interfaces.isEmpty()) {
                        throw error("simple packet block at offset " + at + " before any"
                                + " interface");
                    }
                    frameNumber++;
                    long origLen = Integer.toUnsignedLong(in.getInt(body));
                    int capLen = (int) Math.min(origLen, bodyEnd - body - 4);
                    byte[] data = Arrays.copyOfRange(in.array(), body + 4, body + 4 + capLen);
                    packet(Instant.EPOCH, interfaces.get(0).linkType, data, origLen);
                }
                default -> {
                    // name resolution, statistics, custom, decryption secrets...: not frames
                }
            }
            in.position(end);
        }
    }

    private Interface interfaceBlock(int at, int body, int bodyEnd) throws PcapFormatException {
        if (bodyEnd - body < 8) {
            throw error("pcapng interface block at offset " + at + " too short");
        }
        int linkType = Short.toUnsignedInt(in.getShort(body));
        long pow = 6;
        boolean binary = false;
        long offsetSec = 0;
        int p = body + 8;
        while (p + 4 <= bodyEnd) {
            int code = Short.toUnsignedInt(in.getShort(p));
            int olen = Short.toUnsignedInt(in.getShort(p + 2));
            int v = p + 4;
            if (code == 0) {
                break; // opt_endofopt
            }
            if (v + olen > bodyEnd) {
                throw error("pcapng interface block at offset " + at + ": option " + code
                        + " runs past the block");
            }
            if (code == 9 && olen >= 1) { // if_tsresol
                int r = in.get(v) & 0xff;
                binary = (r & 0x80) != 0;
                pow = r & 0x7f;
                if ((!binary && pow > 18) || (binary && pow > 62)) {
                    throw error("pcapng interface block at offset " + at
                            + ": unsupported if_tsresol " + r);
                }
            } else if (code == 14 && olen >= 8) { // if_tsoffset
                offsetSec = in.getLong(v);
            }
            p = v + ((olen + 3) & ~3);
        }
        return new Interface(linkType, pow, binary, offsetSec);
    }

    private static Instant timestamp(Interface itf, long ts) {
        long units = itf.binary ? 1L << itf.unitsPerSecondPow : pow10(itf.unitsPerSecondPow);
        long sec = Long.divideUnsigned(ts, units);
        long rem = Long.remainderUnsigned(ts, units);
        long nanos;
        if (itf.binary) {
            nanos = java.math.BigInteger.valueOf(rem).multiply(java.math.BigInteger.valueOf(1_000_000_000L))
                    .shiftRight((int) itf.unitsPerSecondPow).longValue();
        } else if (itf.unitsPerSecondPow <= 9) {
            nanos = rem * pow10(9 - itf.unitsPerSecondPow);
        } else {
            nanos = rem / pow10(itf.unitsPerSecondPow - 9);
        }
        return Instant.ofEpochSecond(sec + itf.offsetSec, nanos);
    }

    private static long pow10(long n) {
        long r = 1;
        for (int i = 0; i < n; i++) {
            r *= 10;
        }
        return r;
    }

    // ---- link, network and transport layers -----------------------------------------------

    private void packet(Instant ts, int linkType, byte[] data, long origLen)
            throws PcapFormatException {
        ByteBuffer b = ByteBuffer.wrap(data);
        int etherType;
        switch (linkType) {
            case LINKTYPE_ETHERNET -> {
                need(b, 14, "Ethernet header");
                b.position(12);
                etherType = Short.toUnsignedInt(b.getShort());
                while (etherType == 0x8100 || etherType == 0x88a8) {
                    need(b, 4, "VLAN tag");
                    b.getShort();
                    etherType = Short.toUnsignedInt(b.getShort());
                }
            }
            case LINKTYPE_LINUX_SLL -> {
                need(b, 16, "Linux cooked header");
                etherType = Short.toUnsignedInt(b.getShort(14));
                b.position(16);
            }
            case LINKTYPE_LINUX_SLL2 -> {
                need(b, 20, "Linux cooked v2 header");
                etherType = Short.toUnsignedInt(b.getShort(0));
                b.position(20);
            }
            case LINKTYPE_NULL, LINKTYPE_LOOP -> {
                need(b, 4, "loopback header");
                int family = b.getInt(0);
                if (linkType == LINKTYPE_NULL && (family & 0xffff) == 0) {
                    family = Integer.reverseBytes(family); // written in the other byte order
                }
                etherType = switch (family) {
                    case 2 -> 0x0800;
                    case 24, 28, 30 -> 0x86dd;
                    default -> -1;
                };
                b.position(4);
            }
            case LINKTYPE_RAW, 12, 14, LINKTYPE_IPV4, LINKTYPE_IPV6 -> {
                need(b, 1, "IP header");
                int version = (b.get(0) & 0xff) >> 4;
                etherType = version == 4 ? 0x0800 : version == 6 ? 0x86dd : -1;
            }
            default -> throw error("frame " + frameNumber + ": unsupported link type " + linkType);
        }
        if (etherType == 0x0800) {
            ipv4(ts, linkType, b, origLen, data.length);
        } else if (etherType == 0x86dd) {
            ipv6(ts, linkType, b, origLen, data.length);
        }
        // anything else (ARP, ...) is a frame, but not a UDP datagram
    }

    private void ipv4(Instant ts, int linkType, ByteBuffer b, long origLen, int capLen)
            throws PcapFormatException {
        int ip = b.position();
        need(b, 20, "IPv4 header");
        int vihl = b.get(ip) & 0xff;
        if (vihl >> 4 != 4) {
            throw error("frame " + frameNumber + ": IPv4 version nibble is " + (vihl >> 4));
        }
        int ihl = (vihl & 0x0f) * 4;
        int totalLength = Short.toUnsignedInt(b.getShort(ip + 2));
        if (ihl < 20 || totalLength < ihl) {
            throw error("frame " + frameNumber + ": bad IPv4 header length " + ihl
                    + " / total length " + totalLength);
        }
        checkCaptured(b, ip + totalLength, origLen, capLen);
        int fragment = Short.toUnsignedInt(b.getShort(ip + 6));
        if ((fragment & 0x3fff) != 0) {
            return; // a fragment: not a whole UDP datagram (no reassembly here)
        }
        int protocol = b.get(ip + 9) & 0xff;
        if (protocol != IPPROTO_UDP) {
            return;
        }
        byte[] src = new byte[4];
        byte[] dst = new byte[4];
        b.get(ip + 12, src);
        b.get(ip + 16, dst);
        udp(ts, linkType, b, ip + ihl, ip + totalLength, src, dst);
    }

    private void ipv6(Instant ts, int linkType, ByteBuffer b, long origLen, int capLen)
            throws PcapFormatException {
        int ip = b.position();
        need(b, 40, "IPv6 header");
        if ((b.get(ip) & 0xff) >> 4 != 6) {
            throw error("frame " + frameNumber + ": IPv6 version nibble is "
                    + ((b.get(ip) & 0xff) >> 4));
        }
        int payloadLength = Short.toUnsignedInt(b.getShort(ip + 4));
        int end = ip + 40 + payloadLength;
        checkCaptured(b, end, origLen, capLen);
        int next = b.get(ip + 6) & 0xff;
        byte[] src = new byte[16];
        byte[] dst = new byte[16];
        b.get(ip + 8, src);
        b.get(ip + 24, dst);
        int p = ip + 40;
        while (next == 0 || next == 43 || next == 60 || next == 44) {
            if (p + 8 > end) {
                throw error("frame " + frameNumber + ": truncated IPv6 extension header");
            }
            if (next == 44) {
                int offsetAndFlags = Short.toUnsignedInt(b.getShort(p + 2));
                if ((offsetAndFlags & 0xfff9) != 0) {
                    return; // fragment
                }
                next = b.get(p) & 0xff;
                p += 8;
            } else {
                int hdrLen = ((b.get(p + 1) & 0xff) + 1) * 8;
                next = b.get(p) & 0xff;
                p += hdrLen;
            }
        }
        if (next != IPPROTO_UDP) {
            return;
        }
        udp(ts, linkType, b, p, end, src, dst);
    }

    private void udp(Instant ts, int linkType, ByteBuffer b, int udp, int ipEnd, byte[] src,
            byte[] dst) throws PcapFormatException {
        if (udp + 8 > ipEnd) {
            throw error("frame " + frameNumber + ": truncated UDP header");
        }
        int srcPort = Short.toUnsignedInt(b.getShort(udp));
        int dstPort = Short.toUnsignedInt(b.getShort(udp + 2));
        int udpLength = Short.toUnsignedInt(b.getShort(udp + 4));
        if (udpLength < 8 || udp + udpLength > ipEnd) {
            throw error("frame " + frameNumber + ": UDP length " + udpLength
                    + " does not fit the IP packet (" + (ipEnd - udp) + " bytes)");
        }
        byte[] payload = Arrays.copyOfRange(b.array(), udp + 8, udp + udpLength);
        frames.add(new Frame(frameNumber, ts, linkType, new InetSocketAddress(addr(src), srcPort),
                new InetSocketAddress(addr(dst), dstPort), udpLength, payload));
    }

    private void checkCaptured(ByteBuffer b, int end, long origLen, int capLen)
            throws PcapFormatException {
        if (end > b.limit()) {
            throw error("frame " + frameNumber + ": IP packet needs " + end + " bytes but "
                    + capLen + " were captured (original length " + origLen
                    + "; snap length too small?)");
        }
    }

    private void need(ByteBuffer b, int n, String what) throws PcapFormatException {
        if (b.remaining() < n) {
            throw error("frame " + frameNumber + ": truncated " + what + " (" + b.remaining()
                    + " of " + n + " bytes)");
        }
    }

    private static InetAddress addr(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // only for a bad length, which cannot happen
        }
    }

    private PcapFormatException error(String detail) {
        return new PcapFormatException(name + ": " + detail);
    }
}
