package org.rxrpc4j;

/**
 * Serves the calls of one service. Each call runs {@link #handle} on a worker thread of its own
 * (a virtual thread where the JDK has them), so the handler may block on reads and writes.
 *
 * <p>The handler reads the request from the call, writes the reply and returns. When it returns
 * without having ended its reply, the reply ends there (an empty reply if it wrote nothing).
 * To fail the call with an Rx abort code, call {@link RxCall#abort(int)} or throw
 * {@link RxAbortException}; any other exception aborts the call with {@code RX_USER_ABORT} and is
 * logged.
 */
@FunctionalInterface
public interface RxServiceHandler {

    /**
     * Serves one call.
     *
     * @param call the incoming call; the request is read from it and the reply written to it
     * @throws Exception to abort the call (see the class comment)
     */
    void handle(RxCall call) throws Exception;
}
