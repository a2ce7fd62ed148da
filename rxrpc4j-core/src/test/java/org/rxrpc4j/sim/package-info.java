/**
 * A deterministic discrete-event network simulator for testing the sans-I/O engine, published
 * in the core test-jar.
 *
 * <p>{@link org.rxrpc4j.sim.SimScheduler} is the virtual clock and event loop;
 * {@link org.rxrpc4j.sim.SimNetwork} connects {@link org.rxrpc4j.sim.SimNode}s over
 * per-direction {@link org.rxrpc4j.sim.LinkModel}s built from
 * {@link org.rxrpc4j.sim.LinkStages}; {@link org.rxrpc4j.sim.SimTrace} logs every datagram's
 * fate. Everything runs on one thread and draws randomness only from the network seed, so a
 * seed replays a run exactly. Write tests as {@link org.rxrpc4j.sim.SimTest} methods taking a
 * {@link org.rxrpc4j.sim.Sim}; name their classes {@code *SimTest}.
 */
package org.rxrpc4j.sim;
