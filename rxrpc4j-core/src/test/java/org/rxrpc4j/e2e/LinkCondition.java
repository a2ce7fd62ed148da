package org.rxrpc4j.e2e;

import io.netty.buffer.ByteBuf;
import java.util.zip.CRC32;
import org.rxrpc4j.sim.LinkModel;
import org.rxrpc4j.sim.LinkStage;
import org.rxrpc4j.sim.LinkStages;

/**
 * The link impairments the transfer tests run under, applied to each direction separately
 * (each with its own seeded state). {@link SimPair} adds the 0.5 ms one-way delay (and any
 * bandwidth stage) itself.
 */
enum LinkCondition {
    CLEAN(LinkModel.perfect()),
    LOSS_1(LinkModel.perfect().loss(0.01)),
    LOSS_10(LinkModel.perfect().loss(0.10)),
    LOSS_30(LinkModel.perfect().loss(0.30)),
    /** 5 % of datagrams held back 1 ms (two RTTs), so a window's worth overtakes them. */
    REORDER(LinkModel.perfect().reorder(0.05, 1_000_000L)),
    /** 10 % of datagrams arrive twice. */
    DUPLICATE(LinkModel.perfect().duplicate(0.10)),
    /**
     * 5 % of datagrams get 2 bits flipped, and the receiver's UDP checksum discards them, as a
     * real socket would: Rx has no checksum of its own (security class 0), so corruption that
     * reached the engine could not be told from data. See {@link #corruptUnchecked} for
     * corruption that does reach it.
     */
    CORRUPT(LinkModel.perfect().then(checkedCorruption(0.05, 2)));

    final LinkModel model;

    LinkCondition(LinkModel model) {
        this.model = model;
    }

    /**
     * Bit flips that a UDP checksum catches: the datagram's CRC is taken before
     * {@link LinkStages#corrupt} and checked after it, and a datagram whose bytes changed is
     * dropped ("udp-checksum"). The trace still shows the CORRUPTED event.
     */
    static LinkStage.Factory checkedCorruption(double p, int bits) {
        LinkStage.Factory corrupt = LinkStages.corrupt(p, bits);
        return entropy -> {
            LinkStage inner = corrupt.create(entropy);
            return (t, next) -> {
                long before = crc(t.content());
                inner.process(t, out -> {
                    if (crc(out.content()) != before) {
                        out.drop("udp-checksum");
                    } else {
                        next.accept(out);
                    }
                });
            };
        };
    }

    /** Bit flips that reach the engine: what a link without UDP checksums would deliver. */
    static LinkModel corruptUnchecked(double p, int bits) {
        return LinkModel.perfect().corrupt(p, bits);
    }

    private static long crc(ByteBuf b) {
        CRC32 c = new CRC32();
        c.update(b.nioBuffer(b.readerIndex(), b.readableBytes()));
        return c.getValue();
    }
}
