package org.rxrpc4j.call;

/**
 * What a call tells its application. Called on the endpoint's engine thread; implementations
 * must not block (hand the work to another thread if they need to).
 */
public interface CallListener {

    /** Received data can be read with {@link Call#read}, or the end of the data has arrived. */
    default void onReadable(Call call) {}

    /** Space opened in the call's transmit buffer: {@link Call#send} accepts more bytes. */
    default void onWritable(Call call) {}

    /** The call reached {@link CallState#COMPLETE}; {@link Call#completion()} says how. */
    default void onComplete(Call call) {}
}
