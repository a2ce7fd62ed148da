package org.rxrpc4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leak check really sees a buffer that was dropped without a release. */
class NettyLeakCheckSelfTest {

    @Test
    void aBufferDroppedWithoutReleaseIsReported() throws InterruptedException {
        assertThat(NettyLeakCheck.collect()).as("leaks before this test").isEmpty();
        leakOne();
        List<String> leaks = new ArrayList<>();
        for (int i = 0; i < 20 && leaks.isEmpty(); i++) {
            leaks.addAll(NettyLeakCheck.collect());
        }
        // drained here, so the extension's own check after this test finds nothing left
        assertThat(leaks).hasSize(1);
        assertThat(leaks.get(0)).contains("ByteBuf leaked").contains("leakOne");
        // what the extension does with such a report after a test
        assertThatThrownBy(() -> NettyLeakCheck.failIfAny(leaks, "some test"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("1 leaked buffer(s)")
                .hasMessageContaining("leakOne");
        NettyLeakCheck.failIfAny(List.of(), "a clean test");
    }

    private static void leakOne() {
        ByteBuf b = NettyLeakCheck.track();
        b.writeByte(42); // an access record, so the report names this method
    }
}
