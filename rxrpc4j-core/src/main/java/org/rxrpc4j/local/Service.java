package org.rxrpc4j.local;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.rxrpc4j.call.Call;

/**
 * A service offered by an endpoint: its ID, the application's handler, and the bounded backlog
 * of incoming calls not yet accepted. A new call that finds the backlog full is answered BUSY
 * and not created (rx-protocol.md §5.2, kernel style). A call that completes while waiting
 * (the client gave up) stays queued until accepted, so the application still sees how it
 * ended. Engine thread only.
 */
public final class Service {

    private final int id;
    private final int backlog;
    private final IncomingCallHandler handler;
    private final ArrayDeque<Call> waiting = new ArrayDeque<>();

    Service(int id, int backlog, IncomingCallHandler handler) {
        this.id = id;
        this.backlog = backlog;
        this.handler = handler;
    }

    /** @return the service ID */
    public int id() {
        return id;
    }

    /** @return how many calls may wait to be accepted */
    public int backlog() {
        return backlog;
    }

    /** @return how many calls are waiting to be accepted */
    public int waiting() {
        return waiting.size();
    }

    /** @return whether one more incoming call fits in the backlog */
    public boolean hasRoom() {
        return waiting.size() < backlog;
    }

    IncomingCallHandler handler() {
        return handler;
    }

    void offer(Call call) {
        waiting.addLast(call);
    }

    Call poll() {
        return waiting.pollFirst();
    }

    /** Empties the backlog, returning what was in it. */
    List<Call> drain() {
        List<Call> all = new ArrayList<>(waiting);
        waiting.clear();
        return all;
    }
}
