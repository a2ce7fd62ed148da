/**
 * The DEBUG protocol that OpenAFS's {@code rxdebug} speaks (rx-protocol.md §10): the responder
 * every endpoint runs, and a sans-I/O client for tools.
 *
 * <p>{@link org.rxrpc4j.debug.DebugResponder} answers DEBUG requests from an
 * {@link org.rxrpc4j.view.EndpointSnapshot} and the endpoint's counters, as OpenAFS 1.8's
 * {@code rxi_ReceiveDebugPacket} answers them. {@link org.rxrpc4j.debug.DebugClient} builds
 * request datagrams and parses replies; sending them is the caller's business.
 */
package org.rxrpc4j.debug;
