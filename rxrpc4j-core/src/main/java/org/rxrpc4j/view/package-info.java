/**
 * Immutable snapshots of an endpoint's state: its calls, connections and peers, taken on the
 * endpoint's engine thread and safe to hand to any other thread afterwards.
 *
 * <p>The engine packages fill these records; tools (the rxdebug responder, later the public
 * API's introspection) read them. The records name things in this project's own terms; a
 * reader such as {@code org.rxrpc4j.debug} maps them onto a foreign format.
 */
package org.rxrpc4j.view;
