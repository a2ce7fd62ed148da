package org.rxrpc4j.trace;

/**
 * Named engine counters. Every drop, abort, resend and notable event bumps one, so that the
 * reason for anything the engine did not do is visible. Append new values at the end of a group.
 */
public enum Counter {
    // datagrams
    DATAGRAMS_RECEIVED,
    DATAGRAMS_SENT,
    DATA_PACKETS_SENT,
    DATA_PACKETS_RESENT,
    DATA_PACKETS_RECEIVED,
    JUMBOGRAMS_RECEIVED,
    /** Jumbograms sent (each also counts its subpackets in DATA_PACKETS_SENT). */
    JUMBOGRAMS_SENT,
    ACKS_SENT,
    /** Final ACKs a client channel sent after holding them back (no next call came in time). */
    FINAL_ACKS_DEFERRED,
    /** Final ACKs made unnecessary by the next call on the channel (its DATA implies them). */
    FINAL_ACKS_IMPLICIT,
    ACKS_RECEIVED,
    PINGS_SENT,
    ABORTS_SENT,
    ABORTS_RECEIVED,
    BUSIES_SENT,
    BUSIES_RECEIVED,
    VERSION_REPLIES_SENT,
    DEBUG_REPLIES_SENT,

    // inbound drops, by reason (each is a named step of the packet router)
    DROP_TRUNCATED_HEADER,
    DROP_UNKNOWN_TYPE,
    DROP_MALFORMED_BODY,
    DROP_ZERO_CALL_NUMBER,
    DROP_ZERO_SEQ,
    DROP_WRONG_DIRECTION,
    DROP_PARAMS,
    DROP_VERSION_NOT_REQUEST,
    DROP_UNKNOWN_CONNECTION,
    DROP_NO_CALL,
    DROP_OLD_CALL,
    DROP_SECURITY_MISMATCH,
    DROP_ABORT_NOT_ANSWERED,
    DROP_BEYOND_WINDOW,
    DROP_DUPLICATE,
    DROP_STALE_ACK,
    DROP_AFTER_COMPLETION,
    DROP_DEBUG_NOT_REQUEST,
    DROP_DEBUG_MALFORMED,

    // answers the router gives without a call
    ABORT_UNKNOWN_SERVICE,
    ABORT_UNSUPPORTED_SECURITY,
    ABORT_PROTOCOL_ERROR,
    BUSY_BACKLOG_FULL,
    CACHED_FINAL_RESENT,

    // calls
    CALLS_STARTED,
    CALLS_ACCEPTED,
    CALLS_SUCCEEDED,
    CALLS_REMOTELY_ABORTED,
    CALLS_LOCALLY_ABORTED,
    CALLS_LOCAL_ERROR,
    CALLS_NETWORK_ERROR,
    RTO_EXPIRED,
    FAST_RETRANSMITS,
    /** Packets judged lost by RACK (lost retransmissions included), each then resent. */
    RACK_RESENDS_MARKED,
    /** Tail loss probes sent: the newest unacknowledged packet resent after a quiet spell. */
    TAIL_LOSS_PROBES,
    RTT_SAMPLES,
    SOFT_ACKS_WITHDRAWN,
    KEEPALIVE_PINGS_SENT,
    CALLS_DEAD,

    // connections
    CONNECTIONS_CREATED,
    CONNECTIONS_DESTROYED,
    PEERS_CREATED,
    PEERS_DESTROYED,

    // the UDP transport (io), below the engine: what the socket and the I/O loop saw
    NET_DATAGRAMS_RECEIVED,
    NET_READ_BATCHES,
    NET_RECEIVE_TRUNCATED,
    NET_RECEIVE_ERRORS,
    NET_SEND_FAILURES,
    NET_SEND_DROPPED_QUEUE_FULL,
    NET_SEND_AFTER_CLOSE,
    ENGINE_CALLBACK_ERRORS,
    ENGINE_STALE_DEADLINE,

    // the fault injector at the transport seam (tests, rxperf --loss/--dup/--reorder)
    FAULT_DROPPED,
    FAULT_DUPLICATED,
    FAULT_REORDERED,
}
