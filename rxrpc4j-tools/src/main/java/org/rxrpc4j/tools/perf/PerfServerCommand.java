package org.rxrpc4j.tools.perf;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxNet;
import org.rxrpc4j.tools.ExitCodes;
import org.rxrpc4j.tools.ToolFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rxrpc4j perf server}: serves rxperf (service 147) until SIGINT or SIGTERM. It prints
 * one line on stdout once it is serving, and one line on stderr for each malformed call.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Serves rxperf (Rx service 147) until interrupted.")
public final class PerfServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "-p", paramLabel = "PORT", defaultValue = "7009",
            description = "UDP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "-b", paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Local address to bind (default ${DEFAULT-VALUE}).")
    String bind;

    @Mixin
    PerfNetOptions net;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new ToolFailure(ExitCodes.USAGE, "-p must be 0..65535, not " + port);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ToolFailure(ExitCodes.FAILED, "unknown address '" + bind + "'");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (RxNet rx = RxNet.create()) {
            RxEndpoint endpoint;
            try {
                endpoint = rx.bind(net.endpoint(new InetSocketAddress(address, port), true));
            } catch (IOException e) {
                throw new ToolFailure(ExitCodes.FAILED, "cannot bind UDP " + bind + ":" + port + " (in use?): "
                        + e.getMessage());
            }
            PerfService.serveOn(endpoint, line -> {
                err.println(spec.qualifiedName() + ": " + line);
                err.flush();
            });
            Thread hook = new Thread(() -> {
                rx.close();
                stopped.countDown();
            }, "rxperf-server-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            InetSocketAddress local = endpoint.localAddress();
            out.println(spec.qualifiedName() + ": serving rxperf service " + PerfProtocol.SERVICE_ID + " on "
                    + local.getAddress().getHostAddress() + ":" + local.getPort() + "/udp"
                    + (net.faultsLabel().isEmpty() ? "" : " with faults: " + net.faultsLabel()));
            out.flush();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook is running
                }
            }
        }
        return ExitCodes.OK;
    }
}
