package org.rxrpc4j.local;

/**
 * One named step of the inbound packet chain: a check that may drop or answer the packet, or
 * the routing at the end. Every drop or answer bumps a named counter.
 */
interface RouterStep {

    /** @return the step's name (for traces and tests) */
    String name();

    /**
     * @return true if the step finished with the packet (dropped, answered or delivered); false
     *     to pass it to the next step
     */
    boolean process(Inbound in);
}
