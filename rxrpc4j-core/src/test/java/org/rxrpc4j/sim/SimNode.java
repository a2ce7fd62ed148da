package org.rxrpc4j.sim;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import org.rxrpc4j.env.Entropy;
import org.rxrpc4j.env.Environment;

/**
 * A host on a {@link SimNetwork}: one address, its own seeded entropy, and a receiver for the
 * datagrams addressed to it. It stands where a UDP socket would.
 */
public final class SimNode {

    /** Takes datagrams delivered to a node. */
    @FunctionalInterface
    public interface Receiver {
        /**
         * @param from the sender's address
         * @param datagram the datagram; the receiver owns it and must release it
         */
        void receive(InetSocketAddress from, ByteBuf datagram);
    }

    private final SimNetwork network;
    private final InetSocketAddress address;
    private final Entropy entropy;
    private Receiver receiver;
    private long sent;
    private long received;

    SimNode(SimNetwork network, InetSocketAddress address, Entropy entropy) {
        this.network = network;
        this.address = address;
        this.entropy = entropy;
    }

    /** @return this node's address */
    public InetSocketAddress address() {
        return address;
    }

    /** @return this node's entropy, seeded from the network seed and its address */
    public Entropy entropy() {
        return entropy;
    }

    /** @return virtual time and this node's entropy, ready to hand to an engine */
    public Environment environment() {
        SimScheduler s = network.scheduler();
        return new Environment(s.ticker(), s.wallClock(), entropy);
    }

    /** @return the network the node is on */
    public SimNetwork network() {
        return network;
    }

    /**
     * Sets where delivered datagrams go. Without a receiver, datagrams addressed here are
     * dropped as "no-receiver", like a closed UDP port.
     *
     * @return this node
     */
    public SimNode receiver(Receiver r) {
        this.receiver = r;
        return this;
    }

    Receiver receiver() {
        return receiver;
    }

    /**
     * Sends a datagram. The network takes ownership of {@code datagram} and releases it.
     *
     * @param to the addressee
     * @param datagram the bytes between reader and writer index
     */
    public void send(InetSocketAddress to, ByteBuf datagram) {
        sent++;
        network.send(this, to, datagram);
    }

    void countReceived() {
        received++;
    }

    /** @return datagrams this node sent */
    public long sentCount() {
        return sent;
    }

    /** @return datagrams delivered to this node */
    public long receivedCount() {
        return received;
    }

    @Override
    public String toString() {
        return "SimNode[" + address.getHostString() + ":" + address.getPort() + "]";
    }
}
