package org.rxrpc4j.tools.perf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;
import org.rxrpc4j.RxAbortException;
import org.rxrpc4j.RxCall;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxServiceHandler;
import org.rxrpc4j.ServiceOptions;

/**
 * The server side of rxperf (service 147): reads one request, checks it, reads and drops the
 * request data and sends the reply data (zeros) and the cookie.
 *
 * <p>Malformed requests are aborted with the codes the Linux kernel's rxperf server and the
 * OpenAFS-library peer use, in the same order of checks (see {@link PerfProtocol}): a
 * truncated parameter block or size words, a chunk above 512 KiB, or request data shorter or
 * longer than announced: {@code RXGEN_SS_UNMARSHAL} (-453); a version other than 3:
 * {@code RX_USER_ABORT} (-6); an unknown operation: {@code RXGEN_OPCODE} (-455). Unlike Linux
 * it serves FILE, as OpenAFS rxperf does, for scripts that read before they write.
 */
public final class PerfService implements RxServiceHandler {

    private static final byte[] ZEROS = new byte[PerfProtocol.MAX_CHUNK];

    private final Consumer<String> rejections;

    /**
     * @param rejections told one line for every call refused as malformed
     */
    public PerfService(Consumer<String> rejections) {
        this.rejections = Objects.requireNonNull(rejections, "rejections");
    }

    /** A service that keeps quiet about refused calls. */
    public PerfService() {
        this(line -> { });
    }

    /**
     * Offers rxperf (service 147) on an endpoint.
     *
     * @param endpoint where to serve it
     * @param rejections told one line for every call refused as malformed
     */
    public static void serveOn(RxEndpoint endpoint, Consumer<String> rejections) {
        endpoint.serve(PerfProtocol.SERVICE_ID, ServiceOptions.defaults().withBacklog(256).withMaxConcurrentCalls(1024),
                new PerfService(rejections));
    }

    @Override
    public void handle(RxCall call) throws Exception {
        byte[] block = new byte[PerfProtocol.HEADER_BYTES];
        if (!readExact(call, block)) {
            throw refuse(call, PerfProtocol.ABORT_BAD_REQUEST, "parameter block truncated");
        }
        PerfHeader h = PerfHeader.decode(block);
        if (h.version() != PerfProtocol.VERSION) {
            throw refuse(call, PerfProtocol.ABORT_BAD_VERSION, "unsupported rxperf version " + h.version());
        }
        if (h.readSize() > PerfProtocol.MAX_CHUNK || h.writeSize() > PerfProtocol.MAX_CHUNK) {
            throw refuse(call, PerfProtocol.ABORT_BAD_REQUEST, "read/write chunk size above 512 KiB");
        }
        PerfMode mode = h.mode();
        if (mode == null) {
            throw refuse(call, PerfProtocol.ABORT_BAD_OPERATION, "unsupported operation " + h.operation());
        }
        long[] sizes = sizes(call, mode);
        long in = sizes[0];
        long out = sizes[1];

        absorb(call, in, chunk(h.readSize()));
        byte[] one = new byte[1];
        if (call.read(one, 0, 1) >= 0) {
            throw refuse(call, PerfProtocol.ABORT_BAD_REQUEST, "request data longer than announced");
        }
        emit(call, out, chunk(h.writeSize()));
        if (mode.hasCookie()) {
            call.write(ByteBuffer.allocate(4).putInt(PerfProtocol.COOKIE).array());
        }
        call.finishSending();
    }

    /** @return {request bytes, reply bytes} as the size words (or FILE script) say */
    private long[] sizes(RxCall call, PerfMode mode) throws IOException, RxAbortException {
        return switch (mode) {
            case SEND -> new long[] {word(call, "size word"), 0};
            case RECV -> new long[] {0, word(call, "size word")};
            case RPC -> new long[] {word(call, "size words"), word(call, "size words")};
            case FILE -> script(call);
        };
    }

    private long[] script(RxCall call) throws IOException, RxAbortException {
        long n = word(call, "script length");
        if (n > PerfProtocol.MAX_SCRIPT_ENTRIES) {
            throw refuse(call, PerfProtocol.ABORT_BAD_REQUEST, "script of " + n + " entries");
        }
        boolean reading = true;
        long in = 0;
        long out = 0;
        for (long i = 0; i < n; i++) {
            long e = word(call, "script");
            if (e == 0) {
                reading = !reading;
            } else if (reading) {
                if (out > 0) {
                    throw refuse(call, PerfProtocol.ABORT_BAD_REQUEST, "script reads after it has written");
                }
                in += 4 * e;
            } else {
                out += 4 * e;
            }
        }
        return new long[] {in, out};
    }

    private long word(RxCall call, String what) throws IOException, RxAbortException {
        byte[] w = new byte[4];
        if (!readExact(call, w)) {
            throw refuse(call, PerfProtocol.ABORT_BAD_REQUEST, what + " truncated");
        }
        return ByteBuffer.wrap(w).getInt() & 0xffffffffL;
    }

    private void absorb(RxCall call, long len, int chunk) throws IOException, RxAbortException {
        byte[] sink = new byte[(int) Math.max(1, Math.min(chunk, len))];
        while (len > 0) {
            int n = call.read(sink, 0, (int) Math.min(sink.length, len));
            if (n < 0) {
                throw refuse(call, PerfProtocol.ABORT_BAD_REQUEST, "request data shorter than announced");
            }
            len -= n;
        }
    }

    private static void emit(RxCall call, long len, int chunk) throws IOException {
        while (len > 0) {
            int n = (int) Math.min(chunk, len);
            call.write(ZEROS, 0, n);
            len -= n;
        }
    }

    /** @return false if the peer's data ended before {@code b} was filled */
    private static boolean readExact(RxCall call, byte[] b) throws IOException {
        int done = 0;
        while (done < b.length) {
            int n = call.read(b, done, b.length - done);
            if (n < 0) {
                return false;
            }
            done += n;
        }
        return true;
    }

    private static int chunk(long wire) {
        return wire == 0 ? PerfProtocol.MAX_CHUNK : (int) wire;
    }

    private RxAbortException refuse(RxCall call, int code, String why) {
        rejections.accept("call from " + call.peer().getAddress().getHostAddress() + ":" + call.peer().getPort()
                + " aborted with " + code + ": " + why);
        // Abort here, then close: closing releases the request data the call still buffers,
        // which the dispatcher does not do for a handler that stops reading (see the report).
        // The abort goes first, so the close's own RX_USER_ABORT is a no-op.
        call.abort(code, why);
        call.close();
        return new RxAbortException(code, why);
    }
}
