package org.rxrpc4j;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.rxrpc4j.call.Call;
import org.rxrpc4j.local.IncomingCallHandler;
import org.rxrpc4j.local.LocalEndpoint;
import org.rxrpc4j.wire.AbortCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a service's incoming calls from the engine's backlog as handler slots free up, and runs
 * the handler for each on a worker thread. The backlog itself stays in the engine, which answers
 * BUSY when it is full. Loop thread, except {@link #run}.
 */
final class ServiceDispatcher implements IncomingCallHandler {

    private static final Logger log = LoggerFactory.getLogger(ServiceDispatcher.class);

    private final EndpointCore endpoint;
    private final int serviceId;
    private final ServiceOptions options;
    private final RxServiceHandler handler;
    private final Executor workers;
    private int active;

    ServiceDispatcher(EndpointCore endpoint, int serviceId, ServiceOptions options, RxServiceHandler handler,
            Executor workers) {
        this.endpoint = endpoint;
        this.serviceId = serviceId;
        this.options = options;
        this.handler = handler;
        this.workers = workers;
    }

    @Override
    public void onIncomingCall(LocalEndpoint engine, int id) {
        dispatch();
    }

    /** Takes waiting calls while handler slots are free. */
    void dispatch() {
        LocalEndpoint engine = endpoint.engine();
        while (active < options.maxConcurrentCalls()) {
            RxCall rx = new RxCall(endpoint, null, serviceId, true, CallOptions.defaults());
            Call c = engine.accept(serviceId, rx.listener());
            if (c == null) {
                return;
            }
            active++;
            rx.attach(c, endpoint.nowNs());
            try {
                workers.execute(() -> run(rx));
            } catch (RejectedExecutionException e) {
                c.abort(AbortCodes.RX_RESTARTING, "the service is shutting down", endpoint.nowNs());
                active--;
            }
        }
    }

    private void run(RxCall call) {
        try {
            handler.handle(call);
            if (!call.isComplete()) {
                call.finishSending();
            }
        } catch (RxAbortException e) {
            call.abort(e.abortCode(), String.valueOf(e.getMessage()));
        } catch (RxCallException e) {
            log.debug("service {} call from {} ended: {}", serviceId, call.peer(), e.getMessage());
        } catch (Throwable t) {
            log.warn("service {} handler failed on a call from {}", serviceId, call.peer(), t);
            call.abort(AbortCodes.RX_USER_ABORT, "handler failed: " + t);
        } finally {
            endpoint.execute(() -> {
                call.abandon();
                active--;
                dispatch();
            });
        }
    }
}
