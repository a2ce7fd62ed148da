package org.rxrpc4j.conn;

import org.rxrpc4j.call.Call;

/**
 * What a connection tells its endpoint: service calls it wants to start and calls that ended.
 * Implemented by the endpoint, which owns the service backlogs and the set of live calls.
 */
public interface ConnectionEvents {

    /** @return whether the service's backlog has room for one more incoming call */
    boolean hasRoom(int serviceId);

    /**
     * A new service call was created and has received its first DATA packet: queue it in the
     * service's backlog and tell the application.
     */
    void newServiceCall(Call call, long nowNs);

    /** A call of this connection completed (after the connection updated its channel). */
    void callCompleted(Call call);
}
