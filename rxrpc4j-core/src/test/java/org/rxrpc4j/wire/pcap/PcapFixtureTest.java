package org.rxrpc4j.wire.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;
import org.rxrpc4j.wire.RxFlags;
import org.rxrpc4j.wire.RxHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acceptance test of the wire codecs: every packet of every capture in the shared folder
 * ({@code <rxrpc4j.shared.dir>/pcaps}, real OpenAFS 1.8.9 traffic) decodes, its fields equal
 * what tshark 4.0.17 shows for it, and it re-encodes byte for byte. One dynamic test per
 * (capture, frame), so the report counts every packet.
 *
 * <p>Where the expectations come from:
 * <ul>
 *   <li><b>tshark</b> ({@code pcap-expected/<capture>.tsv}, made once by
 *       {@code pcap-expected/generate.sh}): every header field, ACK body and trailer, ABORT
 *       code, CHALLENGE and RESPONSE field, and the UDP length. {@link FrameCheck} insists that
 *       every rx field tshark showed is compared.
 *   <li><b>the packets themselves</b>: the byte-identical re-encode.
 * </ul>
 */
class PcapFixtureTest {

    private static final Logger LOG = LoggerFactory.getLogger(PcapFixtureTest.class);
    private static final Map<String, LongAdder> ASSERTIONS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> FRAMES = new ConcurrentHashMap<>();

    @TestFactory
    Stream<DynamicContainer> everyPacketOfEveryCapture() {
        return SharedCaptures.NAMES.stream().map(name -> {
            PcapReader.Capture capture = SharedCaptures.read(name);
            ExpectedValues expected = ExpectedValues.load(name);
            assertThat(expected.frames()).as("%s: frames in the expected-values file", name)
                    .hasSize(capture.frames().size());
            LongAdder counter = ASSERTIONS.computeIfAbsent(name, k -> new LongAdder());
            LongAdder frames = FRAMES.computeIfAbsent(name, k -> new LongAdder());
            return dynamicContainer(name, capture.frames().stream().map(f -> dynamicTest(
                    "frame " + f.number() + " " + f.source().getPort() + "->"
                            + f.destination().getPort() + " (" + f.payload().length + " bytes)",
                    () -> {
                        checkFrame(new FrameCheck(name, f.number(), expected, counter), f);
                        frames.increment();
                    })));
        });
    }

    @AfterAll
    static void report() {
        Map<String, String> summary = new TreeMap<>();
        ASSERTIONS.forEach((k, v) -> summary.put(k,
                FRAMES.getOrDefault(k, new LongAdder()).sum() + " frames, " + v.sum()
                        + " assertions"));
        LOG.info("pcap fixtures: {}", summary);
    }

    private static void checkFrame(FrameCheck check, PcapReader.Frame frame) throws Exception {
        byte[] payload = frame.payload();
        check.number("udp.length", -1, frame.udpLength());
        ByteBuf in = Unpooled.wrappedBuffer(payload);
        try {
            RxHeader h = RxHeader.decode(in);
            checkHeader(check, h);
            ByteBuf out = Unpooled.buffer(RxHeader.SIZE);
            try {
                h.encode(out);
                assertThat(ByteBufUtil.getBytes(out)).as("%s: header re-encode", check.where())
                        .isEqualTo(Arrays.copyOf(payload, RxHeader.SIZE));
                check.counted();
            } finally {
                out.release();
            }
        } finally {
            in.release();
        }
    }

    /** The 28-byte header against tshark's rx.* header fields (offsets 0..27). */
    static void checkHeader(FrameCheck c, RxHeader h) {
        c.u32("rx.epoch", 0, h.epoch());
        c.u32("rx.cid", 4, h.cid());
        c.u32("rx.callnumber", 8, h.callNumber());
        c.u32("rx.seq", 12, h.seq());
        c.u32("rx.serial", 16, h.serial());
        c.number("rx.type", 20, h.type().code());
        c.number("rx.flags", 21, h.flags());
        c.bit("rx.flags.client_init", h.flags(), RxFlags.CLIENT_INITIATED);
        c.bit("rx.flags.request_ack", h.flags(), RxFlags.REQUEST_ACK);
        c.bit("rx.flags.last_packet", h.flags(), RxFlags.LAST_PACKET);
        c.bit("rx.flags.more_packets", h.flags(), RxFlags.MORE_PACKETS);
        c.bit("rx.flags.free_packet", h.flags(), RxFlags.FREE_PACKET);
        c.number("rx.userstatus", 22, h.userStatus());
        c.number("rx.securityindex", 23, h.securityIndex());
        c.number("rx.spare", 24, h.cksum());
        c.number("rx.serviceid", 26, h.serviceId());
    }
}
