package org.rxrpc4j.call;

/** How a call ended (the kernel's {@code enum rxrpc_call_completion}). */
public enum CompletionType {
    /** The request and reply were both delivered. */
    SUCCEEDED,
    /** The peer sent an ABORT (for the call, or for its connection). */
    REMOTELY_ABORTED,
    /** This side aborted the call (the application, or the engine on a protocol error). */
    LOCALLY_ABORTED,
    /** A local failure (for example, the endpoint shut down) ended the call. */
    LOCAL_ERROR,
    /** The peer stopped answering or the network failed. */
    NETWORK_ERROR,
}
