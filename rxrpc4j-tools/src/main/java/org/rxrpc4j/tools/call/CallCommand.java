package org.rxrpc4j.tools.call;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.rxrpc4j.CallOptions;
import org.rxrpc4j.RxCallException;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxNet;
import org.rxrpc4j.RxRemoteAbortException;
import org.rxrpc4j.RxTimeoutException;
import org.rxrpc4j.XdrException;
import org.rxrpc4j.tools.ExitCodes;
import org.rxrpc4j.tools.ToolFailure;
import org.rxrpc4j.wire.AbortCodes;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rxrpc4j call}: one call to any Rx service, as curl is to HTTP. The request comes from
 * hex, a file or an XDR description; the reply is printed as a hex dump or decoded as XDR; an
 * abort prints its code (and name where known) and exits with {@link ExitCodes#ABORTED}.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = {"Makes one call to an Rx service and prints the reply.",
            "Example (PR_NameToID at an OpenAFS ptserver):",
            "  rxrpc4j call 127.0.0.1:7002 73 --xdr 'int32:504 int32:1 char64:admin' --decode 'int32[]'"},
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:the reply arrived", "1:a local failure (unknown host, unreadable file)",
            "2:bad arguments", "3:the peer aborted the call", "4:no answer in time"})
public final class CallCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST:PORT", description = "Where the service is; [IPv6]:PORT for IPv6.")
    String target;

    @Parameters(index = "1", paramLabel = "SERVICE", description = "The Rx service ID (0..65535).")
    int service;

    @ArgGroup(exclusive = true)
    Request request = new Request();

    @Option(names = "--decode", paramLabel = "TYPES",
            description = "Decode the reply as XDR, e.g. 'int32[] string' (types as for --xdr).")
    String decode;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Give up after this long (default ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    /** Where the request bytes come from; none means an empty request. */
    static final class Request {
        @Option(names = "--data", paramLabel = "HEX", description = "The request as hex digits.")
        String hex;

        @Option(names = "--file", paramLabel = "PATH", description = "The request is this file's content.")
        Path file;

        @Option(names = "--xdr", paramLabel = "ITEMS",
                description = "The request as XDR items TYPE:VALUE: int32 uint32 int64 bool string "
                        + "opaque(hex) fixedN(hex) charN, T[]:a,b,c; e.g. 'int32:504 string:alice'.")
        String xdr;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (service < 0 || service > 0xffff) {
            throw usage("SERVICE must be 0..65535, not " + service);
        }
        if (!(timeoutSeconds > 0) || timeoutSeconds > 86_400) {
            throw usage("--timeout must be between 0 and 86400 seconds");
        }
        if (decode != null) {
            try {
                XdrSpec.decode(decode, new byte[0]);
            } catch (IllegalArgumentException e) {
                throw usage("--decode: " + e.getMessage());
            } catch (XdrException e) {
                // expected: the layout is fine, there are just no bytes yet
            }
        }
        byte[] body = requestBytes();
        InetSocketAddress peer = resolve(target);
        Duration timeout = Duration.ofNanos((long) (timeoutSeconds * 1e9));

        byte[] reply;
        try (RxNet net = RxNet.create()) {
            RxEndpoint endpoint = bindLike(net, peer);
            CallOptions options = CallOptions.defaults().withTimeout(timeout);
            reply = endpoint.call(peer, service, body, options)
                    .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), peer, timeout);
        } catch (TimeoutException e) {
            throw noAnswer(peer, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure(ExitCodes.FAILED, "interrupted");
        } catch (IOException e) {
            throw new ToolFailure(ExitCodes.FAILED, "cannot open a local UDP socket: " + e.getMessage());
        }

        if (decode != null) {
            try {
                XdrSpec.decode(decode, reply).forEach(out::println);
            } catch (XdrException | IllegalArgumentException e) {
                out.print(HexDump.format(reply));
                out.flush();
                throw new ToolFailure(ExitCodes.FAILED, "the " + reply.length
                        + "-byte reply (dumped above) does not decode as '" + decode + "': " + e.getMessage());
            }
        } else {
            out.print(HexDump.format(reply));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private byte[] requestBytes() {
        try {
            if (request.hex != null) {
                return XdrSpec.hex(request.hex);
            }
            if (request.xdr != null) {
                return XdrSpec.encode(request.xdr);
            }
        } catch (IllegalArgumentException e) {
            throw usage((request.hex != null ? "--data: " : "--xdr: ") + e.getMessage());
        }
        if (request.file != null) {
            try {
                return Files.readAllBytes(request.file);
            } catch (IOException | OutOfMemoryError e) {
                throw new ToolFailure(ExitCodes.FAILED, "cannot read " + request.file + ": " + e.getMessage());
            }
        }
        return new byte[0];
    }

    private InetSocketAddress resolve(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw usage("'" + hostPort + "' is not HOST:PORT");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw usage("write an IPv6 address in brackets: [" + host + "]:PORT");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw usage("'" + hostPort.substring(colon + 1) + "' is not a port number");
        }
        if (port < 1 || port > 65535) {
            throw usage("port must be 1..65535, not " + port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new ToolFailure(ExitCodes.FAILED, "unknown host '" + host + "'");
        }
    }

    private static RxEndpoint bindLike(RxNet net, InetSocketAddress peer) throws IOException {
        InetAddress any = InetAddress.getByName(peer.getAddress() instanceof Inet6Address ? "::" : "0.0.0.0");
        return net.bind(new InetSocketAddress(any, 0));
    }

    private ToolFailure failure(Throwable cause, InetSocketAddress peer, Duration timeout) {
        if (cause instanceof RxRemoteAbortException a) {
            String name = AbortCodes.name(a.abortCode());
            return new ToolFailure(ExitCodes.ABORTED, "the peer aborted the call with code " + a.abortCode()
                    + (name == null ? "" : " (" + name + ")"));
        }
        if (cause instanceof RxTimeoutException) {
            return noAnswer(peer, timeout);
        }
        if (cause instanceof RxCallException c) {
            return new ToolFailure(ExitCodes.NO_ANSWER, "the call to " + format(peer) + " service " + service
                    + " failed: " + c.getMessage());
        }
        return new ToolFailure(ExitCodes.FAILED, String.valueOf(cause));
    }

    private ToolFailure noAnswer(InetSocketAddress peer, Duration timeout) {
        return new ToolFailure(ExitCodes.NO_ANSWER, "no reply from " + format(peer) + " service " + service
                + " within " + timeoutSeconds + " s (is an Rx server listening there?)");
    }

    private static String format(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (a.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private ToolFailure usage(String message) {
        return new ToolFailure(ExitCodes.USAGE, message);
    }
}
