package org.rxrpc4j.tools.perf;

import java.net.InetSocketAddress;
import org.rxrpc4j.EndpointOptions;
import org.rxrpc4j.config.RxConfig;
import org.rxrpc4j.tools.ExitCodes;
import org.rxrpc4j.tools.ToolFailure;
import picocli.CommandLine.Option;

/**
 * The endpoint options the perf commands share: rxperf's {@code -j} (no jumbograms) and
 * {@code -W} (window), and fault injection at the socket for demonstrations and tests.
 */
public final class PerfNetOptions {

    @Option(names = "-j", description = "No jumbograms: one Rx packet per datagram (jumboMax 0).")
    boolean noJumbo;

    @Option(names = "-W", paramLabel = "WINDOW",
            description = "Largest receive and send window in packets (1-255).")
    Integer window;

    @Option(names = "--loss", paramLabel = "P", defaultValue = "0",
            description = "Drop each datagram, either way, with probability P.")
    double loss;

    @Option(names = "--dup", paramLabel = "P", defaultValue = "0",
            description = "Deliver each datagram twice with probability P.")
    double duplicate;

    @Option(names = "--reorder", paramLabel = "P", defaultValue = "0",
            description = "Hold each datagram back behind the next one with probability P.")
    double reorder;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the fault injector, to replay a run (default ${DEFAULT-VALUE}).")
    long seed;

    /** Throws a usage failure for values out of range. */
    void check() {
        if (window != null && (window < 1 || window > RxConfig.MAX_WINDOW)) {
            throw new ToolFailure(ExitCodes.USAGE, "-W must be 1.." + RxConfig.MAX_WINDOW + ", not " + window);
        }
        for (double p : new double[] {loss, duplicate, reorder}) {
            if (!(p >= 0 && p <= 1)) {
                throw new ToolFailure(ExitCodes.USAGE, "--loss, --dup and --reorder must be in 0..1, not " + p);
            }
        }
        if (loss + duplicate + reorder > 1) {
            throw new ToolFailure(ExitCodes.USAGE, "--loss + --dup + --reorder must not exceed 1");
        }
    }

    /**
     * @param bind where the endpoint binds
     * @param faults whether to inject the faults asked for (only one side of a loopback pair
     *     needs them: the injector works both ways)
     * @return the endpoint options these settings describe
     */
    EndpointOptions endpoint(InetSocketAddress bind, boolean faults) {
        return endpoint(bind, faults, RxConfig.defaults().normalTimeoutNs());
    }

    /**
     * @param bind where the endpoint binds
     * @param faults whether to inject the faults asked for
     * @param silenceNs how long a call may hear nothing from its peer before it fails
     * @return the endpoint options these settings describe
     */
    EndpointOptions endpoint(InetSocketAddress bind, boolean faults, long silenceNs) {
        check();
        EndpointOptions o = EndpointOptions.of(bind).withConfig(config(RxConfig.defaults(), silenceNs));
        return faults && (loss > 0 || duplicate > 0 || reorder > 0) ? o.withFaults(loss, duplicate, reorder, seed) : o;
    }

    /** @return a short description of the faults, or an empty string */
    String faultsLabel() {
        if (loss == 0 && duplicate == 0 && reorder == 0) {
            return "";
        }
        return "loss " + loss + ", dup " + duplicate + ", reorder " + reorder + " (seed " + seed + ")";
    }

    private RxConfig config(RxConfig c, long silenceNs) {
        int rx = window == null ? c.rxWindow() : window;
        int tx = window == null ? c.txMaxWindow() : window;
        return new RxConfig(rx, tx, Math.min(c.initialCwnd(), tx), c.maxDataPerPacket(), noJumbo ? 0 : c.jumboMax(),
                c.maxMtu(), c.ifMtu(), c.softAckDelayNs(), c.idleAckDelayNs(), silenceNs, c.initialRtoNs(),
                c.minRtoNs(), c.maxRtoNs(), c.txBufferPackets(), c.defaultBacklog(), c.finalAckDelayNs());
    }
}
