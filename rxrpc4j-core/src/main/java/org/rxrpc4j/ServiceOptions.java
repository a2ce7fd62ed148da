package org.rxrpc4j;

/**
 * How a service takes its calls.
 *
 * @param backlog incoming calls that wait for a free handler; a call that finds the backlog full
 *     is answered BUSY, and the client tries again
 * @param maxConcurrentCalls how many calls the handler runs at once
 */
public record ServiceOptions(int backlog, int maxConcurrentCalls) {

    private static final ServiceOptions DEFAULTS = new ServiceOptions(64, 256);

    /** Checks the values; see the record's parameters for their ranges. */
    public ServiceOptions {
        if (backlog < 0 || backlog > 1 << 20) {
            throw new IllegalArgumentException("backlog must be in 0..1048576: " + backlog);
        }
        if (maxConcurrentCalls < 1 || maxConcurrentCalls > 1 << 20) {
            throw new IllegalArgumentException("maxConcurrentCalls must be in 1..1048576: " + maxConcurrentCalls);
        }
    }

    /** @return a backlog of 64 and at most 256 calls in the handler at once */
    public static ServiceOptions defaults() {
        return DEFAULTS;
    }

    /** @return these options with another backlog */
    public ServiceOptions withBacklog(int calls) {
        return new ServiceOptions(calls, maxConcurrentCalls);
    }

    /** @return these options with another concurrency limit */
    public ServiceOptions withMaxConcurrentCalls(int calls) {
        return new ServiceOptions(backlog, calls);
    }
}
