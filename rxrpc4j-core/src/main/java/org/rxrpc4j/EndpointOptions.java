package org.rxrpc4j;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.rxrpc4j.config.RxConfig;

/**
 * How to make an endpoint: where to bind, its protocol tunables, and optional fault injection.
 * Immutable; start from {@link #of(InetSocketAddress)}.
 *
 * @param bindAddress the local address; port 0 picks an ephemeral port, an IPv6 address an IPv6
 *     socket
 * @param config the protocol tunables of the endpoint
 * @param loss probability that a datagram is dropped at the socket, in each direction
 * @param duplicate probability that a datagram is delivered twice
 * @param reorder probability that a datagram is held back behind the next one
 * @param faultSeed the seed of the fault injector's random stream, so a run can be replayed
 * @param forceNio use the JDK's NIO transport even where native epoll is available
 * @param socketBufferBytes the socket's SO_RCVBUF and SO_SNDBUF
 */
public record EndpointOptions(
        InetSocketAddress bindAddress,
        RxConfig config,
        double loss,
        double duplicate,
        double reorder,
        long faultSeed,
        boolean forceNio,
        int socketBufferBytes) {

    /** The default socket buffer size: 4 MiB each way. */
    public static final int DEFAULT_SOCKET_BUFFER_BYTES = 4 << 20;

    /** Checks the values; see the record's parameters for their ranges. */
    public EndpointOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(config, "config");
        if (bindAddress.isUnresolved()) {
            throw new IllegalArgumentException("unresolved bind address: " + bindAddress);
        }
        for (double p : new double[] {loss, duplicate, reorder}) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("fault probabilities must be in [0, 1]: " + p);
            }
        }
        if (loss + duplicate + reorder > 1) {
            throw new IllegalArgumentException("loss + duplicate + reorder exceeds 1");
        }
        if (socketBufferBytes < 1024) {
            throw new IllegalArgumentException("socketBufferBytes must be at least 1024: " + socketBufferBytes);
        }
    }

    /** @return options binding {@code address}, default tunables, no faults */
    public static EndpointOptions of(InetSocketAddress address) {
        return new EndpointOptions(address, RxConfig.defaults(), 0, 0, 0, 1, false, DEFAULT_SOCKET_BUFFER_BYTES);
    }

    /** @return options binding an ephemeral port on the IPv4 wildcard address */
    public static EndpointOptions ephemeral() {
        return of(new InetSocketAddress(anyIpv4(), 0));
    }

    /** @return these options with other tunables */
    public EndpointOptions withConfig(RxConfig c) {
        return new EndpointOptions(bindAddress, c, loss, duplicate, reorder, faultSeed, forceNio, socketBufferBytes);
    }

    /**
     * @return these options with fault injection at the socket, in both directions (for tests and
     *     demonstrations)
     */
    public EndpointOptions withFaults(double lossP, double duplicateP, double reorderP, long seed) {
        return new EndpointOptions(bindAddress, config, lossP, duplicateP, reorderP, seed, forceNio, socketBufferBytes);
    }

    /** @return these options with the NIO transport forced (or not) */
    public EndpointOptions withForceNio(boolean nio) {
        return new EndpointOptions(bindAddress, config, loss, duplicate, reorder, faultSeed, nio, socketBufferBytes);
    }

    /** @return these options with other socket buffer sizes */
    public EndpointOptions withSocketBuffers(int bytes) {
        return new EndpointOptions(bindAddress, config, loss, duplicate, reorder, faultSeed, forceNio, bytes);
    }

    /** @return whether any fault is injected */
    public boolean injectsFaults() {
        return loss > 0 || duplicate > 0 || reorder > 0;
    }

    private static InetAddress anyIpv4() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("a 4-byte address is always valid", e);
        }
    }
}
