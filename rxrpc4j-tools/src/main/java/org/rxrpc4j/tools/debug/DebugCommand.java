package org.rxrpc4j.tools.debug;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.rxrpc4j.debug.DebugReply;
import org.rxrpc4j.tools.ExitCodes;
import org.rxrpc4j.tools.ToolFailure;
import org.rxrpc4j.wire.DebugRequest;
import org.rxrpc4j.wire.DebugStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rxrpc4j debug}: an {@code rxdebug}-compatible client. It asks any Rx server (OpenAFS or
 * rxrpc4j) for its statistics, connections, peers or version with DEBUG and VERSION packets and
 * prints them as OpenAFS's {@code rxdebug} does. The rxdebug spellings of the options
 * ({@code -version}, {@code -noconns}, {@code -rxstats}, {@code -peers}, {@code -long},
 * {@code -allconnections}, {@code -servers}, {@code -port}) are accepted too, with rxdebug's
 * meaning: the statistics always come first, connections are listed unless {@code --stats}.
 */
@Command(name = "debug",
        description = {"Asks an Rx server for its statistics, connections and peers, as OpenAFS rxdebug does.",
            "Example: rxrpc4j debug 127.0.0.1 7002 --rxstats --peers --long"},
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:the server answered", "1:a local failure (unknown host)", "2:bad arguments",
            "4:no answer in time"})
public final class DebugCommand implements Callable<Integer> {

    /** The port rxdebug asks when none is given (the OpenAFS fileserver's). */
    static final int DEFAULT_PORT = 7000;
    /** The most connections or peers listed; a table that changes under the walk cannot loop forever. */
    static final int MAX_ITEMS = 100_000;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST", description = "The server's name or address.")
    String host;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PORT",
            description = "Its UDP port (default " + DEFAULT_PORT + ").")
    Integer port;

    @Option(names = {"-servers", "--servers"}, paramLabel = "HOST", description = "The server, as rxdebug names it.")
    String serversOption;

    @Option(names = {"-port", "--port"}, paramLabel = "PORT", description = "The port, as rxdebug names it.")
    Integer portOption;

    @Option(names = {"--version", "-version"}, description = "Print only the server's version string.")
    boolean version;

    @Option(names = {"--stats", "-noconns"}, description = "Statistics only: do not list connections.")
    boolean noConns;

    @Option(names = {"--rxstats", "-rxstats"}, description = "Add the server's packet counters.")
    boolean rxStats;

    @Option(names = {"--peers", "-peers"}, description = "Add the server's peers.")
    boolean peers;

    @Option(names = {"--long", "-long"}, description = "With --peers: add window, MTU and jumbogram details.")
    boolean showLong;

    @Option(names = "--conns", description = "List the connections with calls in progress (the default).")
    boolean conns;

    @Option(names = {"--all", "-allconnections"}, description = "List every connection, not only busy ones.")
    boolean allConns;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Give up on a request after this long, resends included (default ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = {"-h", "--help", "-help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        InetSocketAddress server = target();
        Duration timeout = Duration.ofNanos((long) (timeoutSeconds * 1e9));
        out.print(RxdebugFormat.trying(server.getAddress().getHostAddress(), server.getPort()));
        try (DebugSession session = new DebugSession(server, timeout)) {
            if (version) {
                out.print(RxdebugFormat.version(session.version()));
            } else {
                report(out, session);
            }
        } catch (IOException e) {
            throw new ToolFailure(ExitCodes.FAILED, "cannot open a local UDP socket: " + e.getMessage());
        } finally {
            out.flush();
        }
        return ExitCodes.OK;
    }

    private void report(PrintWriter out, DebugSession session) {
        DebugReply first = session.debug(DebugRequest.GETSTATS, 0, "GETSTATS");
        if (!(first instanceof DebugReply.Stats statsReply)) {
            throw new ToolFailure(ExitCodes.FAILED, "the server does not answer GETSTATS (" + first + ")");
        }
        DebugStats stats = statsReply.stats();
        int supported = DebugRequest.supportedValues(stats.version());
        out.print(RxdebugFormat.stats(stats));
        if (rxStats && (supported & DebugRequest.SERVER_DEBUG_RX_STATS) != 0
                && session.debug(DebugRequest.RXSTATS, 0, "RXSTATS") instanceof DebugReply.RxStats rx) {
            out.print(RxdebugFormat.rxStats(rx.statistics(), stats.nFreePackets(), stats.version()));
        }
        out.flush();
        if (!noConns) {
            listConnections(out, session, supported);
        }
        if (peers && (supported & DebugRequest.SERVER_DEBUG_ALL_PEER) != 0) {
            listPeers(out, session);
        }
    }

    private void listConnections(PrintWriter out, DebugSession session, int supported) {
        int type = DebugRequest.GETCONN;
        if (allConns) {
            if ((supported & DebugRequest.SERVER_DEBUG_ALL_CONN) != 0) {
                type = DebugRequest.GETALLCONN;
            } else {
                out.print("WARNING: Server doesn't support retrieval of all connections,\n"
                        + "         getting only interesting instead.\n");
            }
        }
        boolean withSecStats = (supported & DebugRequest.SERVER_DEBUG_SEC_STATS) != 0;
        String what = type == DebugRequest.GETALLCONN ? "GETALLCONN" : "GETCONN";
        for (int i = 0; i < MAX_ITEMS; i++) {
            DebugReply r = session.debug(type, i, what + " " + i);
            if (!(r instanceof DebugReply.Conn c) || c.isEnd()) {
                break;
            }
            out.print(RxdebugFormat.conn(c.conn(), withSecStats, System.currentTimeMillis() / 1000));
            out.flush();
        }
        out.print(RxdebugFormat.DONE);
    }

    private void listPeers(PrintWriter out, DebugSession session) {
        for (int i = 0; i < MAX_ITEMS; i++) {
            DebugReply r = session.debug(DebugRequest.GETPEER, i, "GETPEER " + i);
            if (!(r instanceof DebugReply.Peer p) || p.isEnd()) {
                break;
            }
            out.print(RxdebugFormat.peer(p.peer(), showLong));
            out.flush();
        }
        out.print(RxdebugFormat.DONE);
    }

    private InetSocketAddress target() {
        if (host != null && serversOption != null) {
            throw usage("give the server once: as HOST or with -servers");
        }
        if (port != null && portOption != null) {
            throw usage("give the port once: as PORT or with -port");
        }
        String name = host != null ? host : serversOption;
        if (name == null) {
            throw usage("which server? give HOST [PORT]");
        }
        int p = port != null ? port : portOption != null ? portOption : DEFAULT_PORT;
        if (p < 1 || p > 65535) {
            throw usage("port must be 1..65535, not " + p);
        }
        if (!(timeoutSeconds > 0) || timeoutSeconds > 86_400) {
            throw usage("--timeout must be between 0 and 86400 seconds");
        }
        if (noConns && (conns || allConns)) {
            throw usage("--stats (-noconns) lists no connections; it cannot go with --conns or --all");
        }
        if (version && (noConns || rxStats || peers || conns || allConns || showLong)) {
            throw usage("--version prints only the version; leave out the other report options");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(name), p);
        } catch (UnknownHostException e) {
            throw new ToolFailure(ExitCodes.FAILED, "unknown host '" + name + "'");
        }
    }

    private static ToolFailure usage(String message) {
        return new ToolFailure(ExitCodes.USAGE, message);
    }
}
