package org.rxrpc4j.wire;

/**
 * The "ackinfo" words that follow an ACK's pad (rx-protocol.md §4.3). Older peers send only the
 * first two or three words; {@link AckBody#trailerWords()} says how many were on the wire, and
 * the fields not sent are 0 here.
 *
 * @param maxMtu largest packet the ACK's sender will receive, Rx header included
 * @param ifMtu MTU of the ACK sender's interface towards the peer, Rx header included
 * @param rwind receive window in packets (AFS 3.4 and later)
 * @param jumboMax most subpackets per jumbogram the sender accepts; 0 from the kernel means
 *     "I do path-MTU discovery" (AFS 3.5 and later)
 */
public record AckTrailer(int maxMtu, int ifMtu, int rwind, int jumboMax) {

    /** Size of a full (AFS 3.5) trailer on the wire. */
    public static final int SIZE = 16;
}
