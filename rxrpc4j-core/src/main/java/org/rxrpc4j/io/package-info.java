/**
 * The real-UDP side of a local endpoint: the datagram seam ({@link org.rxrpc4j.io.DatagramSink},
 * {@link org.rxrpc4j.io.Engine}), the Netty UDP transport with its one-thread I/O loop
 * ({@link org.rxrpc4j.io.UdpTransport}), and a seeded loss/duplication/reorder injector for
 * tests and rxperf ({@link org.rxrpc4j.io.FaultInjector}).
 *
 * <p>Inside the project this package depends only on {@code env} and {@code trace}: the engine
 * sees the transport through {@link org.rxrpc4j.io.DatagramSink}, the transport sees the engine
 * through {@link org.rxrpc4j.io.Engine}.
 */
package org.rxrpc4j.io;
