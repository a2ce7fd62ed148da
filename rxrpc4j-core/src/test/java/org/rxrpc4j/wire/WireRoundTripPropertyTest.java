package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** encode → decode is the identity for every DEBUG and rxkad body, with arbitrary field values. */
class WireRoundTripPropertyTest {

    private static <T extends PacketBody> void identity(Gen<T> values, WireTesting.Decoder<T> decoder) {
        WireGens.theory(1000).forAll(values).checkAssert(value -> {
            byte[] bytes = WireTesting.encode(value);
            try {
                assertThat(WireTesting.decode(bytes, decoder)).isEqualTo(value);
            } catch (DecodeException e) {
                throw new AssertionError("own encoding rejected: " + value, e);
            }
        });
    }

    @Test
    void debugRequest() {
        identity(WireGens.debugRequests(), DebugRequest::decode);
    }

    @Test
    void debugStats() {
        identity(WireGens.debugStats(), DebugStats::decode);
    }

    @Test
    void debugConn() {
        identity(WireGens.debugConns(), DebugConn::decode);
    }

    @Test
    void securityObjectStats() {
        WireGens.theory(1000).forAll(WireGens.securityObjectStats()).checkAssert(value -> {
            byte[] bytes = WireTesting.written(value::encode);
            assertThat(bytes).hasSize(value.encodedLength());
            try {
                assertThat(WireTesting.decode(bytes, DebugConn.SecurityObjectStats::decode)).isEqualTo(value);
            } catch (DecodeException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void debugPeer() {
        identity(WireGens.debugPeers(), DebugPeer::decode);
    }

    @Test
    void rxStatistics() {
        identity(WireGens.rxStatistics(), RxStatistics::decode);
    }

    @Test
    void challenge() {
        identity(WireGens.challenges(), ChallengeBody::decode);
    }

    @Test
    void response() {
        identity(WireGens.responses(), ResponseBody::decode);
    }

    @Test
    void fixedStructsReencodeWhateverBytesTheyDecode() {
        // Every bit pattern of a fixed struct is a valid value, so decoding arbitrary bytes and
        // encoding again must give back exactly the bytes consumed.
        checkBytesPreserved(DebugRequest.SIZE, DebugRequest::decode);
        checkBytesPreserved(DebugStats.SIZE, DebugStats::decode);
        checkBytesPreserved(DebugConn.SIZE, DebugConn::decode);
        checkBytesPreserved(DebugPeer.SIZE, DebugPeer::decode);
        checkBytesPreserved(RxStatistics.SIZE, RxStatistics::decode);
        checkBytesPreserved(ChallengeBody.V2_SIZE, ChallengeBody::decode);
        checkBytesPreserved(ChallengeBody.OLD_SIZE, ChallengeBody::decode);
    }

    private static <T extends PacketBody> void checkBytesPreserved(int size, WireTesting.Decoder<T> decoder) {
        WireGens.theory(200).forAll(WireGens.byteArrays(size, size)).checkAssert(bytes -> {
            try {
                assertThat(WireTesting.encode(WireTesting.decode(bytes, decoder))).isEqualTo(bytes);
            } catch (DecodeException e) {
                throw new AssertionError(e);
            }
        });
    }
}
