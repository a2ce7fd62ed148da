package org.rxrpc4j.interop;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.rxrpc4j.CallOptions;
import org.rxrpc4j.RxEndpoint;

/**
 * Blocking whole calls to one rxgen service of one server, each bounded by a hard timeout. The
 * base of the small PR and VL clients of these tests.
 */
public class RpcClient {

    /** The hard timeout of each call. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private final RxEndpoint endpoint;
    private final InetSocketAddress server;
    private final int serviceId;

    /**
     * @param endpoint the local endpoint the calls go out of
     * @param server the server's address
     * @param serviceId the server's Rx service ID
     */
    public RpcClient(RxEndpoint endpoint, InetSocketAddress server, int serviceId) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.server = Objects.requireNonNull(server, "server");
        this.serviceId = serviceId;
    }

    /**
     * Makes one call and waits for its whole reply.
     *
     * @param request the request (opcode and arguments, see {@link org.rxrpc4j.RxRpc#request})
     * @return the reply bytes
     * @throws IOException the call's {@link org.rxrpc4j.RxCallException} (for example an
     *     {@link org.rxrpc4j.RxRemoteAbortException} when the server aborts it), or an
     *     {@link InterruptedIOException} if the wait is interrupted
     */
    public byte[] call(byte[] request) throws IOException {
        var future = endpoint.call(server, serviceId, request, CallOptions.defaults().withTimeout(CALL_TIMEOUT));
        try {
            return future.get(CALL_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("call failed", e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IOException("the call's future did not complete despite its hard timeout", e);
        }
    }
}
