/**
 * The engine's seams to the outside world: monotonic time ({@link org.rxrpc4j.env.Ticker}),
 * wall-clock time ({@link org.rxrpc4j.env.WallClock}), randomness
 * ({@link org.rxrpc4j.env.Entropy}) and the engine-side timer structure
 * ({@link org.rxrpc4j.env.TimerQueue}).
 *
 * <p>The protocol engine never reads a clock or makes unseeded randomness itself; it is handed
 * an {@link org.rxrpc4j.env.Environment}. {@link org.rxrpc4j.env.Environment#system()} is the
 * only place in the library that touches {@code System.nanoTime()},
 * {@code System.currentTimeMillis()} or {@code SecureRandom}, so the simulator can substitute
 * virtual time and seeded randomness and replay a run exactly.
 */
package org.rxrpc4j.env;
