package org.rxrpc4j.sim;

import java.util.function.Consumer;
import org.rxrpc4j.env.Entropy;

/**
 * One step of a link's pipeline, applied to every datagram that crosses the link: it may pass
 * the datagram on ({@code next.accept(t)}), drop it ({@code t.drop(reason)}), delay it
 * ({@code t.addDelay}), pass it on more than once ({@link Transit#duplicate()}) or rewrite it.
 * A stage instance belongs to one direction of one link, so it may keep state (counters,
 * a busy-until time).
 */
@FunctionalInterface
public interface LinkStage {

    /**
     * @param t the datagram, owned by the stage until passed on or dropped
     * @param next the rest of the pipeline
     */
    void process(Transit t, Consumer<Transit> next);

    /** Makes a stage for one link direction. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param entropy this stage's own seeded stream; the stage's only source of randomness
         * @return a fresh stage
         */
        LinkStage create(Entropy entropy);
    }
}
