/**
 * End-to-end tests of the engine in the simulator: two {@link org.rxrpc4j.sim.SimEndpoint}s
 * joined by a seeded {@link org.rxrpc4j.sim.SimNetwork} ({@link org.rxrpc4j.e2e.SimPair}),
 * running an rxperf-like application ({@link org.rxrpc4j.e2e.PerfClientCall},
 * {@link org.rxrpc4j.e2e.PerfServerCall}) whose every byte is deterministic and checked
 * ({@link org.rxrpc4j.e2e.PerfData}).
 */
package org.rxrpc4j.e2e;
