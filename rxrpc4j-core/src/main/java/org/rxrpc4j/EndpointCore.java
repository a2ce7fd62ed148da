package org.rxrpc4j;

import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.Executor;
import org.rxrpc4j.local.LocalEndpoint;

/** What calls need of their endpoint: its engine, its loop, its clock and its buffers. */
interface EndpointCore {

    /** @return the engine; only touched on the loop thread */
    LocalEndpoint engine();

    /** Runs {@code command} on the endpoint's loop thread; dropped quietly once it is closed. */
    void execute(Runnable command);

    /** @return whether the current thread is the endpoint's loop thread */
    boolean inLoop();

    /** @return the engine clock's reading now */
    long nowNs();

    /** @return where application-side buffers come from */
    ByteBufAllocator allocator();

    /** @return where futures are completed, off the loop thread */
    Executor callbacks();
}
