package org.rxrpc4j.sim;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * A datagram on its way through a link's stages. The transit owns its buffer: a stage that
 * drops it calls {@link #drop(String)}, which releases the buffer; a stage that passes it on
 * hands ownership downstream.
 */
public final class Transit {

    private final SimNetwork network;
    private final long id;
    private final InetSocketAddress from;
    private final InetSocketAddress to;
    private ByteBuf content;
    private long delayNs;

    Transit(SimNetwork network, long id, InetSocketAddress from, InetSocketAddress to, ByteBuf content,
            long delayNs) {
        this.network = network;
        this.id = id;
        this.from = from;
        this.to = to;
        this.content = content;
        this.delayNs = delayNs;
    }

    /** @return the network's number for this datagram */
    public long id() {
        return id;
    }

    /** @return the sender */
    public InetSocketAddress from() {
        return from;
    }

    /** @return the addressee */
    public InetSocketAddress to() {
        return to;
    }

    /** @return the datagram; still owned by the transit (do not release it) */
    public ByteBuf content() {
        return content;
    }

    /** @return the datagram's size in bytes */
    public int size() {
        return content.readableBytes();
    }

    /** @return the delay added by stages so far */
    public long delayNs() {
        return delayNs;
    }

    /** Adds to the delay before delivery. */
    public void addDelay(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("negative delay: " + ns);
        }
        delayNs += ns;
    }

    /** @return the current virtual time, elapsed since the start */
    public long elapsedNs() {
        return network.scheduler().elapsedNs();
    }

    /** Discards the datagram: records the drop with {@code reason} and releases the buffer. */
    public void drop(String reason) {
        network.record(this, SimEvent.Fate.DROPPED, reason);
        content.release();
        content = null;
        network.forget(this);
    }

    /** Records that a stage did something to this datagram (reordered, corrupted...). */
    public void note(SimEvent.Fate fate, String detail) {
        network.record(this, fate, detail);
    }

    /**
     * Replaces the content (a stage that rewrites bytes puts a fresh copy here); the old
     * buffer is released.
     */
    public void replaceContent(ByteBuf newContent) {
        ByteBuf old = content;
        content = newContent;
        old.release();
    }

    /**
     * Makes an independent copy (its own buffer and packet number, same delay so far) and
     * records the duplication.
     *
     * @return the copy, owned by the caller
     */
    public Transit duplicate() {
        ByteBuf copy = content.alloc().buffer(size()).writeBytes(content, content.readerIndex(), size());
        Transit twin = network.newTransit(from, to, copy, delayNs);
        network.record(this, SimEvent.Fate.DUPLICATED, "as #" + twin.id());
        return twin;
    }
}
