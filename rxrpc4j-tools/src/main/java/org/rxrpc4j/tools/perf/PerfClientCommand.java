package org.rxrpc4j.tools.perf;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;
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
 * {@code rxrpc4j perf client}: drives an rxperf server (ours, OpenAFS rxperf, the Linux kernel's)
 * with OpenAFS rxperf's options and prints the rxperf line and the rates, or JSON.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"Runs rxperf calls against a server: THREADS threads each make CALLS calls.",
            "Example: rxrpc4j perf client -c rpc -s 127.0.0.1 -S 1024 -R 1024 -T 10000 -t 4"},
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:every call succeeded", "1:a local failure or a malformed reply", "2:bad arguments",
            "3:the server aborted a call", "4:no answer in time"})
public final class PerfClientCommand implements Callable<Integer> {

    /** A call that hears nothing from the server for this long fails (nothing listening). */
    static final long SILENCE_NS = 5_000_000_000L;

    @Spec
    CommandSpec spec;

    @Option(names = "-c", paramLabel = "MODE", required = true, description = "send, recv, rpc or file.")
    String mode;

    @Option(names = "-s", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "The server (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "-p", paramLabel = "PORT", defaultValue = "7009", description = "Its UDP port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "-b", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Bytes per send or recv call (default ${DEFAULT-VALUE}).")
    long bytes;

    @Option(names = "-S", paramLabel = "SEND", defaultValue = "3",
            description = "Request bytes per rpc or file call (default ${DEFAULT-VALUE}).")
    long sendBytes;

    @Option(names = "-R", paramLabel = "RECV", defaultValue = "30",
            description = "Reply bytes per rpc or file call (default ${DEFAULT-VALUE}).")
    long recvBytes;

    @Option(names = "-T", paramLabel = "CALLS", defaultValue = "100",
            description = "Calls per thread, one after the other (default ${DEFAULT-VALUE}).")
    long calls;

    @Option(names = "-t", paramLabel = "THREADS", defaultValue = "1",
            description = "Threads calling in parallel (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "-r", paramLabel = "CHUNK", defaultValue = "524288",
            description = "Read chunk, also sent as the server's (1-524288; default ${DEFAULT-VALUE}).")
    int readChunk;

    @Option(names = "-w", paramLabel = "CHUNK", defaultValue = "524288",
            description = "Write chunk, also sent as the server's (1-524288; default ${DEFAULT-VALUE}).")
    int writeChunk;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Hard timeout of each call (default: 10 s plus 1 s per 10 MB of the call's data).")
    Double timeoutSeconds;

    @Option(names = "--json", description = "Print one JSON object for the run instead of text.")
    boolean json;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "0",
            description = "Run the same calls for this long first, unmeasured, so the JIT has compiled the "
                    + "hot paths (default ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Mixin
    PerfNetOptions net;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PerfPlan plan = plan();
        InetSocketAddress server = resolve();
        PerfResult result;
        try (RxNet rx = RxNet.create()) {
            InetAddress any = InetAddress.getByName(server.getAddress() instanceof Inet6Address ? "::" : "0.0.0.0");
            RxEndpoint endpoint = rx.bind(net.endpoint(new InetSocketAddress(any, 0), true, SILENCE_NS));
            warmUp(endpoint, server, plan);
            PerfClient client = new PerfClient(endpoint, server);
            try (PerfProgress p = System.console() != null
                    ? new PerfProgress(spec.commandLine().getErr(), mode, client, plan.totalCalls()) : null) {
                result = client.run(plan);
            }
        } catch (PerfFailure f) {
            throw PerfCommand.toolFailure(f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure(ExitCodes.FAILED, "interrupted");
        } catch (IOException e) {
            throw new ToolFailure(ExitCodes.FAILED, "cannot open a local UDP socket: " + e.getMessage());
        }
        PerfCommand.print(out, result, json);
        return ExitCodes.OK;
    }

    /** Runs the plan's calls, unmeasured, until the warm-up time has passed. */
    private void warmUp(RxEndpoint endpoint, InetSocketAddress server, PerfPlan plan)
            throws PerfFailure, InterruptedException {
        if (!(warmupSeconds > 0)) {
            return;
        }
        if (warmupSeconds > 3600) {
            throw new ToolFailure(ExitCodes.USAGE, "--warmup must be at most 3600 seconds");
        }
        PerfPlan round = new PerfPlan(plan.request(), plan.threads(), Math.min(plan.callsPerThread(), 1000),
                plan.callTimeout());
        long until = System.nanoTime() + (long) (warmupSeconds * 1e9);
        do {
            new PerfClient(endpoint, server).run(round);
        } while (System.nanoTime() - until < 0);
    }

    private PerfPlan plan() {
        PerfMode m;
        try {
            m = PerfMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw usage("-c: " + e.getMessage());
        }
        if (port < 1 || port > 65535) {
            throw usage("-p must be 1..65535, not " + port);
        }
        if (threads < 1 || threads > 1024) {
            throw usage("-t must be 1..1024, not " + threads);
        }
        if (calls < 1) {
            throw usage("-T must be at least 1, not " + calls);
        }
        if (timeoutSeconds != null && !(timeoutSeconds > 0 && timeoutSeconds <= 86_400)) {
            throw usage("--timeout must be between 0 and 86400 seconds");
        }
        net.check();
        PerfRequest request;
        try {
            PerfRequest r = PerfRequest.of(m, bytes, sendBytes, recvBytes, PerfProtocol.MAX_CHUNK);
            request = new PerfRequest(m, readChunk, writeChunk, r.sendBytes(), r.recvBytes());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Duration timeout = timeoutSeconds == null ? PerfPlan.defaultTimeout(request)
                : Duration.ofNanos((long) (timeoutSeconds * 1e9));
        return new PerfPlan(request, threads, calls, timeout);
    }

    private InetSocketAddress resolve() {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new ToolFailure(ExitCodes.FAILED, "unknown host '" + host + "'");
        }
    }

    private static ToolFailure usage(String message) {
        return new ToolFailure(ExitCodes.USAGE, message);
    }
}
