package org.rxrpc4j.view;

import java.util.List;

/**
 * Read-only access to one endpoint's state as immutable views. Each call builds fresh views from
 * the live state, so it must run on the endpoint's engine thread; the views it returns may then
 * go anywhere.
 */
public interface EndpointSnapshot {

    /** @return the endpoint's totals now */
    EndpointView endpoint();

    /**
     * @return every connection now, client connections first, each group in the order it was
     *     made (a stable order while the set does not change, so an index walks it)
     */
    List<ConnectionView> connections();

    /** @return every peer now, in a stable order while the set does not change */
    List<PeerView> peers();
}
