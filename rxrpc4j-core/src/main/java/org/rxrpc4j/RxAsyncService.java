package org.rxrpc4j;

/**
 * Serves a service's calls on the endpoint's I/O thread, without blocking (see
 * {@link RxEndpoint#serveAsync}). For servers that want the least latency per call; a server
 * that blocks, or does slow work, belongs in an {@link RxServiceHandler} instead.
 */
@FunctionalInterface
public interface RxAsyncService {

    /**
     * A call arrived. Runs on the I/O thread and must not block.
     *
     * @param call the new call
     * @return who hears about the call's events; request data that already arrived is announced
     *     to it at once
     */
    RxAsyncCall.Listener onCall(RxAsyncCall call);
}
