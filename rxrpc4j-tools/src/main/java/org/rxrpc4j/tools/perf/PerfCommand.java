package org.rxrpc4j.tools.perf;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
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
 * {@code rxrpc4j perf}: the rxperf benchmark. Alone, it starts an rxperf server on an ephemeral
 * loopback port and runs a default mix against it (small RPCs on one and on several threads, a
 * bulk send, a bulk receive), then prints a table; {@code perf client} and {@code perf server}
 * are the two halves for use with other machines and other rxperf programs.
 */
@Command(name = "perf", mixinStandardHelpOptions = true,
        description = "rxperf (Rx service 147). Without a subcommand: runs a default mix of rxperf calls "
            + "against an embedded server on loopback and prints a table.",
        subcommands = {PerfClientCommand.class, PerfServerCommand.class})
public final class PerfCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object per run instead of the table.")
    boolean json;

    @Option(names = "--quick", hidden = true, description = "A much shorter mix (for tests).")
    boolean quick;

    @Mixin
    PerfNetOptions net;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        net.check();
        List<PerfResult> results = new ArrayList<>();
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (RxNet rx = RxNet.create()) {
            RxEndpoint server = rx.bind(net.endpoint(loopback, false));
            PerfService.serveOn(server, line -> err.println("perf: server: " + line));
            RxEndpoint endpoint = rx.bind(net.endpoint(loopback, true));
            InetSocketAddress target = server.localAddress();
            err.println("perf: rxperf server on " + target.getAddress().getHostAddress() + ":" + target.getPort()
                    + (net.faultsLabel().isEmpty() ? "" : ", faults " + net.faultsLabel()));
            err.flush();
            if (!quick) {
                warmUp(endpoint, target);
            }
            for (PerfPlan plan : PerfMix.plans(quick)) {
                PerfClient client = new PerfClient(endpoint, target);
                String label = describe(plan);
                err.println("perf: " + label);
                err.flush();
                PerfResult r;
                try (PerfProgress p = new PerfProgress(err, plan.request().mode().label(), client, plan.totalCalls())) {
                    r = client.run(plan);
                }
                results.add(r);
                if (json) {
                    out.println(r.toJson());
                    out.flush();
                }
            }
        } catch (PerfFailure f) {
            throw toolFailure(f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure(ExitCodes.FAILED, "interrupted");
        } catch (IOException e) {
            throw new ToolFailure(ExitCodes.FAILED, "cannot open a loopback UDP socket: " + e.getMessage());
        }
        if (!json) {
            out.print(PerfTable.format(results));
            out.flush();
        }
        return ExitCodes.OK;
    }

    private static void warmUp(RxEndpoint endpoint, InetSocketAddress target) throws PerfFailure,
            InterruptedException {
        for (PerfPlan plan : PerfMix.warmUp()) {
            new PerfClient(endpoint, target).run(plan);
        }
    }

    private static String describe(PerfPlan plan) {
        PerfRequest r = plan.request();
        String sizes = switch (r.mode()) {
            case SEND -> r.sendBytes() + " bytes";
            case RECV -> r.recvBytes() + " bytes";
            case RPC, FILE -> r.sendBytes() + " bytes out, " + r.recvBytes() + " back";
        };
        return r.mode().label() + ", " + plan.threads() + " thread" + (plan.threads() == 1 ? "" : "s") + " x "
                + plan.callsPerThread() + " calls, " + sizes;
    }

    /** Prints a run as text (the rxperf line and the rates) or as one JSON line. */
    static void print(PrintWriter out, PerfResult result, boolean json) {
        if (json) {
            out.println(result.toJson());
        } else {
            out.println(result.rxperfLine());
            out.println(result.summaryLine());
        }
        out.flush();
    }

    /** @return the one-line failure and exit status a failed run ends the command with */
    static ToolFailure toolFailure(PerfFailure f) {
        int exit = switch (f.kind()) {
            case ABORTED -> ExitCodes.ABORTED;
            case NO_ANSWER -> ExitCodes.NO_ANSWER;
            case BAD_REPLY, LOCAL -> ExitCodes.FAILED;
        };
        return new ToolFailure(exit, f.getMessage());
    }
}
