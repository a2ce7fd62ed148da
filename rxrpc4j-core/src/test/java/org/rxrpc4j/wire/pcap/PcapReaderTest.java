package org.rxrpc4j.wire.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PcapReaderTest {

    /** Frame counts per capture, as tshark and capinfos report them. */
    private static final Map<String, Integer> FRAME_COUNTS = Map.of(
            "cmdebug-unknown-service-abort", 6,
            "pts-listentries-multipacket", 112,
            "pts-noauth-createuser-examine", 24,
            "rxdebug-7002", 58,
            "rxkad-levels-clear-auth-crypt", 15,
            "rxkad-localauth-clear-crypt-and-abort", 17,
            "vos-udebug-7003", 19);

    static List<String> captures() {
        return SharedCaptures.NAMES;
    }

    @Test
    void sharedFolderHoldsExactlyTheIndexedCaptures() {
        assertThat(SharedCaptures.all())
                .map(p -> p.getFileName().toString().replaceFirst("\\.pcap$", ""))
                .containsExactlyElementsOf(SharedCaptures.NAMES);
        assertThat(FRAME_COUNTS.keySet()).containsExactlyInAnyOrderElementsOf(SharedCaptures.NAMES);
    }

    @ParameterizedTest
    @MethodSource("captures")
    void readsEveryFrameAsUdp(String name) {
        PcapReader.Capture c = SharedCaptures.read(name);
        // despite the .pcap suffix, dumpcap wrote pcapng
        assertThat(c.format()).isEqualTo("pcapng");
        assertThat(c.totalFrames()).isEqualTo(FRAME_COUNTS.get(name));
        assertThat(c.frames()).hasSize(FRAME_COUNTS.get(name));
        for (int i = 0; i < c.frames().size(); i++) {
            PcapReader.Frame f = c.frames().get(i);
            assertThat(f.number()).isEqualTo(i + 1);
            assertThat(f.linkType()).isEqualTo(PcapReader.LINKTYPE_ETHERNET);
            assertThat(f.udpLength()).isEqualTo(f.payload().length + 8);
        }
    }

    /** Time, addresses, ports and UDP length agree with what tshark showed for each frame. */
    @ParameterizedTest
    @MethodSource("captures")
    void agreesWithTshark(String name) {
        PcapReader.Capture c = SharedCaptures.read(name);
        ExpectedValues expected = ExpectedValues.load(name);
        assertThat(expected.frames()).hasSize(c.frames().size());
        for (PcapReader.Frame f : c.frames()) {
            int n = f.number();
            BigDecimal epoch = new BigDecimal(expected.field(n, "frame.time_epoch", -1).show());
            Instant ts = Instant.ofEpochSecond(epoch.longValue(),
                    epoch.remainder(BigDecimal.ONE).movePointRight(9).longValueExact());
            assertThat(f.timestamp()).as("frame %d time", n).isEqualTo(ts);
            assertThat(f.source().getAddress().getHostAddress())
                    .isEqualTo(expected.field(n, "ip.src", -1).show());
            assertThat(f.destination().getAddress().getHostAddress())
                    .isEqualTo(expected.field(n, "ip.dst", -1).show());
            assertThat((long) f.source().getPort())
                    .isEqualTo(expected.field(n, "udp.srcport", -1).number());
            assertThat((long) f.destination().getPort())
                    .isEqualTo(expected.field(n, "udp.dstport", -1).number());
            assertThat((long) f.udpLength()).isEqualTo(expected.field(n, "udp.length", -1).number());
            // every byte-aligned rx field tshark showed is where it said in our payload
            byte[] payload = f.payload();
            for (ExpectedValues.Field x : expected.fields(n)) {
                if (x.offset() >= 0 && !x.isBit()) {
                    assertThat(Arrays.copyOfRange(payload, x.offset(), x.offset() + x.size()))
                            .as("frame %d %s at %d", n, x.name(), x.offset())
                            .isEqualTo(x.bytes());
                }
            }
        }
    }

    // ---- synthetic files: the formats and link types the real captures do not use --------

    private static final byte[] UDP_PAYLOAD = HexFormat.of().parseHex("000003e7deadbeef01");

    private static byte[] ipv4Udp(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + 8 + payload.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload.length));
        b.putShort((short) 1).putShort((short) 0x4000).put((byte) 64).put((byte) 17)
                .putShort((short) 0);
        b.put(new byte[] {10, 0, 0, 1}).put(new byte[] {10, 0, 0, 2});
        b.putShort((short) 7001).putShort((short) 7000).putShort((short) (8 + payload.length))
                .putShort((short) 0).put(payload);
        return b.array();
    }

    private static byte[] ipv6Udp(byte[] payload) {
        // with a hop-by-hop extension header in front of UDP
        ByteBuffer b = ByteBuffer.allocate(40 + 8 + 8 + payload.length);
        b.putInt(0x60000000).putShort((short) (16 + payload.length)).put((byte) 0).put((byte) 64);
        byte[] src = new byte[16];
        src[15] = 1;
        byte[] dst = new byte[16];
        dst[0] = (byte) 0xfe;
        dst[1] = (byte) 0x80;
        dst[15] = 2;
        b.put(src).put(dst);
        b.put((byte) 17).put((byte) 0).put(new byte[6]);
        b.putShort((short) 7001).putShort((short) 7000).putShort((short) (8 + payload.length))
                .putShort((short) 0).put(payload);
        return b.array();
    }

    private static byte[] ethernet(byte[] ip, int etherType) {
        ByteBuffer b = ByteBuffer.allocate(14 + ip.length);
        b.put(new byte[12]).putShort((short) etherType).put(ip);
        return b.array();
    }

    private static byte[] classicPcap(ByteOrder order, boolean nanos, int linkType,
            byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(65535).putInt(linkType);
        out.writeBytes(h.array());
        int i = 0;
        for (byte[] f : frames) {
            ByteBuffer r = ByteBuffer.allocate(16).order(order);
            r.putInt(1_700_000_000 + i).putInt(nanos ? 123_456_789 : 123_456).putInt(f.length)
                    .putInt(f.length);
            out.writeBytes(r.array());
            out.writeBytes(f);
            i++;
        }
        return out.toByteArray();
    }

    @Test
    void classicPcapBothByteOrdersAndResolutions() throws Exception {
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            for (boolean nanos : List.of(false, true)) {
                byte[] file = classicPcap(order, nanos, 1,
                        ethernet(ipv4Udp(UDP_PAYLOAD), 0x0800),
                        ethernet(new byte[28], 0x0806), // ARP: a frame, but not UDP
                        ethernet(ipv6Udp(UDP_PAYLOAD), 0x86dd));
                PcapReader.Capture c = PcapReader.read("synthetic", file);
                assertThat(c.format()).isEqualTo("pcap");
                assertThat(c.totalFrames()).isEqualTo(3);
                assertThat(c.frames()).extracting(PcapReader.Frame::number).containsExactly(1, 3);
                PcapReader.Frame v4 = c.frames().get(0);
                assertThat(v4.timestamp()).isEqualTo(
                        Instant.ofEpochSecond(1_700_000_000, nanos ? 123_456_789 : 123_456_000));
                assertThat(v4.source().getAddress()).isEqualTo(InetAddress.getByName("10.0.0.1"));
                assertThat(v4.source().getPort()).isEqualTo(7001);
                assertThat(v4.destination().getPort()).isEqualTo(7000);
                assertThat(v4.payload()).isEqualTo(UDP_PAYLOAD);
                PcapReader.Frame v6 = c.frames().get(1);
                assertThat(v6.source().getAddress()).isEqualTo(InetAddress.getByName("::1"));
                assertThat(v6.destination().getAddress())
                        .isEqualTo(InetAddress.getByName("fe80::2"));
                assertThat(v6.payload()).isEqualTo(UDP_PAYLOAD);
            }
        }
    }

    private static byte[] block(ByteOrder order, int type, byte[] body) {
        int padded = (body.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(12 + padded).order(order);
        b.putInt(type).putInt(12 + padded).put(body).position(8 + padded);
        b.putInt(12 + padded);
        return b.array();
    }

    /** Big-endian pcapng, binary time resolution (2^-20 s), an offset, an SPB, an unknown block. */
    @Test
    void bigEndianPcapngWithBinaryResolutionAndSimplePackets() throws Exception {
        ByteOrder be = ByteOrder.BIG_ENDIAN;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(block(be, 0x0a0d0d0a, ByteBuffer.allocate(16).order(be)
                .putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1).array()));
        ByteBuffer idb = ByteBuffer.allocate(8 + 8 + 12 + 4).order(be);
        idb.putShort((short) 1).putShort((short) 0).putInt(0);
        idb.putShort((short) 9).putShort((short) 1).put((byte) (0x80 | 20)).put(new byte[3]);
        idb.putShort((short) 14).putShort((short) 8).putLong(100);
        idb.putInt(0); // opt_endofopt
        out.writeBytes(block(be, 1, idb.array()));
        out.writeBytes(block(be, 0x0bad, new byte[] {1, 2, 3})); // unknown: skipped
        byte[] frame = ethernet(ipv4Udp(UDP_PAYLOAD), 0x0800);
        long ts = (5L << 20) | (1L << 19); // 5.5 s in 2^-20 units
        ByteBuffer epb = ByteBuffer.allocate(20 + frame.length).order(be);
        epb.putInt(0).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(frame.length)
                .putInt(frame.length).put(frame);
        out.writeBytes(block(be, 6, epb.array()));
        ByteBuffer spb = ByteBuffer.allocate(4 + frame.length).order(be);
        spb.putInt(frame.length).put(frame);
        out.writeBytes(block(be, 3, spb.array()));

        PcapReader.Capture c = PcapReader.read("be.pcapng", out.toByteArray());
        assertThat(c.format()).isEqualTo("pcapng");
        assertThat(c.totalFrames()).isEqualTo(2);
        assertThat(c.frames()).extracting(PcapReader.Frame::number).containsExactly(1, 2);
        assertThat(c.frames().get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(105, 500_000_000));
        assertThat(c.frames()).allSatisfy(f -> assertThat(f.payload()).isEqualTo(UDP_PAYLOAD));
    }

    @Test
    void linuxCookedLoopbackAndRawLinkTypes() throws Exception {
        byte[] sll = new byte[16 + ipv4Udp(UDP_PAYLOAD).length];
        ByteBuffer.wrap(sll).putShort(14, (short) 0x0800);
        System.arraycopy(ipv4Udp(UDP_PAYLOAD), 0, sll, 16, sll.length - 16);
        assertThat(PcapReader.read("sll", classicPcap(ByteOrder.BIG_ENDIAN, false, 113, sll))
                .frames()).singleElement().satisfies(f -> assertThat(f.payload()).isEqualTo(UDP_PAYLOAD));

        byte[] v6 = ipv6Udp(UDP_PAYLOAD);
        byte[] nul = new byte[4 + v6.length];
        ByteBuffer.wrap(nul).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 30); // AF_INET6 (macOS)
        System.arraycopy(v6, 0, nul, 4, v6.length);
        assertThat(PcapReader.read("null", classicPcap(ByteOrder.LITTLE_ENDIAN, false, 0, nul))
                .frames()).singleElement().satisfies(f -> assertThat(f.payload()).isEqualTo(UDP_PAYLOAD));

        assertThat(PcapReader.read("raw", classicPcap(ByteOrder.BIG_ENDIAN, false, 101,
                ipv4Udp(UDP_PAYLOAD), v6)).frames()).hasSize(2);
    }

    @Test
    void rejectsMalformedFiles() {
        assertThatThrownBy(() -> PcapReader.read("empty", new byte[0]))
                .isInstanceOf(PcapFormatException.class).hasMessageContaining("empty: too short");
        assertThatThrownBy(() -> PcapReader.read("junk", "hello, world, not a pcap".getBytes()))
                .isInstanceOf(PcapFormatException.class).hasMessageContaining("not a pcap");

        byte[] good = classicPcap(ByteOrder.BIG_ENDIAN, false, 1, ethernet(ipv4Udp(UDP_PAYLOAD), 0x0800));
        assertThatThrownBy(() -> PcapReader.read("hdr", Arrays.copyOf(good, 20)))
                .isInstanceOf(PcapFormatException.class).hasMessageContaining("file header");
        assertThatThrownBy(() -> PcapReader.read("rec", Arrays.copyOf(good, 24 + 10)))
                .isInstanceOf(PcapFormatException.class).hasMessageContaining("record header");
        assertThatThrownBy(() -> PcapReader.read("cut", Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(PcapFormatException.class)
                .hasMessageContaining("frame 1").hasMessageContaining("past the end");

        // a frame cut by the snap length: the record is consistent, the IP packet is not whole
        byte[] frame = ethernet(ipv4Udp(UDP_PAYLOAD), 0x0800);
        byte[] snapped = classicPcap(ByteOrder.BIG_ENDIAN, false, 1, Arrays.copyOf(frame, frame.length - 3));
        assertThatThrownBy(() -> PcapReader.read("snap", snapped))
                .isInstanceOf(PcapFormatException.class).hasMessageContaining("snap length");

        // a UDP length larger than the IP packet
        byte[] ip = ipv4Udp(UDP_PAYLOAD);
        ByteBuffer.wrap(ip).putShort(24, (short) 200);
        assertThatThrownBy(() -> PcapReader.read("udp",
                classicPcap(ByteOrder.BIG_ENDIAN, false, 1, ethernet(ip, 0x0800))))
                .isInstanceOf(PcapFormatException.class).hasMessageContaining("UDP length 200");

        byte[] unsupported = classicPcap(ByteOrder.BIG_ENDIAN, false, 147, new byte[4]);
        assertThatThrownBy(() -> PcapReader.read("lt", unsupported))
                .isInstanceOf(PcapFormatException.class).hasMessageContaining("link type 147");
    }

    @Test
    void rejectsMalformedPcapng() throws Exception {
        byte[] real = java.nio.file.Files.readAllBytes(SharedCaptures.pcap("cmdebug-unknown-service-abort"));
        assertThatThrownBy(() -> PcapReader.read("cut", Arrays.copyOf(real, real.length - 5)))
                .isInstanceOf(PcapFormatException.class).hasMessageContaining("bad length");
        byte[] badTrailer = real.clone();
        int shbLen = ByteBuffer.wrap(real).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
        badTrailer[shbLen - 4] ^= 1;
        assertThatThrownBy(() -> PcapReader.read("trailer", badTrailer))
                .isInstanceOf(PcapFormatException.class).hasMessageContaining("trailing length");
        byte[] badBom = real.clone();
        badBom[8] ^= 1;
        assertThatThrownBy(() -> PcapReader.read("bom", badBom))
                .isInstanceOf(PcapFormatException.class).hasMessageContaining("byte-order magic");
    }
}
