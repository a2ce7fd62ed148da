package org.rxrpc4j.rules;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rxrpc4j.sim.Sim;

/**
 * Base of the rule tests: {@link #world(Sim)} makes the test's world, and after the test every
 * endpoint is shut down and the test fails on any leaked call, connection, peer, buffer or
 * datagram.
 */
@ExtendWith(WireDumpOnFailure.class)
abstract class RulesSimBase {

    protected static final long MS = World.MS;
    protected static final long S = World.S;
    protected static final int SERVICE = World.SERVICE;

    protected World world;

    protected World world(Sim sim) {
        world = new World(sim);
        return world;
    }

    @AfterEach
    void shutDownAndCheckLeaks() {
        if (world != null) {
            world.shutDownAndCheckLeaks();
        }
    }
}
