package org.rxrpc4j.local;

/**
 * Told when a service of an endpoint has a new incoming call waiting in its backlog. Called on
 * the engine thread; the application then takes the call with
 * {@link LocalEndpoint#accept(int, org.rxrpc4j.call.CallListener)}, now or later.
 */
@FunctionalInterface
public interface IncomingCallHandler {

    /** A call for {@code serviceId} is waiting to be accepted. */
    void onIncomingCall(LocalEndpoint endpoint, int serviceId);
}
