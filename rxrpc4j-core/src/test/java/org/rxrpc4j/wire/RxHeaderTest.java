package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.Test;

class RxHeaderTest {

    @Test
    void decodesAndReencodesEveryField() throws Exception {
        // VERSION request from rxdebug (rxdebug-7002.pcap frame 1): epoch 999, call 101, flags 0x05
        byte[] bytes = ByteBufUtil.decodeHexDump("000003e7" + "00000000" + "00000065" + "00000000"
                + "00000000" + "0d" + "05" + "00" + "00" + "0000" + "0000");
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        RxHeader h = RxHeader.decode(in);
        assertThat(h.epoch()).isEqualTo(999);
        assertThat(h.callNumber()).isEqualTo(101);
        assertThat(h.type()).isEqualTo(PacketType.VERSION);
        assertThat(h.isClientInitiated()).isTrue();
        assertThat(h.hasFlags(RxFlags.LAST_PACKET)).isTrue();
        assertThat(in.readableBytes()).isZero();
        ByteBuf out = Unpooled.buffer();
        h.encode(out);
        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(bytes);
    }

    @Test
    void rejectsShortHeader() {
        assertThatThrownBy(() -> RxHeader.decode(Unpooled.wrappedBuffer(new byte[27])))
                .isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).reason())
                .isEqualTo(DecodeException.Reason.TRUNCATED_HEADER);
    }
}
