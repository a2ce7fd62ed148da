package org.rxrpc4j.wire.archfixture;

import org.rxrpc4j.conn.archfixture.ConnLeaf;

/** Deliberate violation for ArchitectureRulesSelfTest: wire must not depend on conn. */
public final class WireReachesIntoConn {
    public Object leaf() {
        return new ConnLeaf();
    }
}
