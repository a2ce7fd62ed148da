package org.rxrpc4j.wire.pcap;

import java.io.IOException;

/** A capture file is malformed or uses a format {@link PcapReader} does not read. */
public final class PcapFormatException extends IOException {

    public PcapFormatException(String message) {
        super(message);
    }
}
