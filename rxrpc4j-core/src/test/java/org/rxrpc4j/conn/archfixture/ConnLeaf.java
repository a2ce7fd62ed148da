package org.rxrpc4j.conn.archfixture;

/** A class in the conn layer, referenced by a deliberate violation. */
public final class ConnLeaf {}
