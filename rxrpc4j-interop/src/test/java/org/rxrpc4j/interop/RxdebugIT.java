package org.rxrpc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxNet;
import org.rxrpc4j.local.LocalEndpoint;

/** OpenAFS's {@code rxdebug} asks a Java endpoint for its version (a VERSION packet). */
@OpenAfs(programs = "rxdebug", cell = false)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RxdebugIT {

    @Test
    void rxdebugVersionPrintsOurVersionString() throws IOException {
        try (RxNet net = RxNet.create()) {
            RxEndpoint ep = net.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ep.localAddress().getPort();
            CliTool.Result r = CliTool.run(Duration.ofSeconds(30),
                    List.of("rxdebug", "127.0.0.1", Integer.toString(port), "-version"));
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stdoutLines()).as(r.describe())
                    .contains("Trying 127.0.0.1 (port " + port + "):")
                    .contains("AFS version: " + LocalEndpoint.VERSION_STRING);
            assertThat(LocalEndpoint.VERSION_STRING).startsWith("rxrpc4j ");
            assertThat(ep.liveCalls()).isZero();
        }
    }
}
