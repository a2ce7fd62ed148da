package org.rxrpc4j.tools.perf;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;
import org.rxrpc4j.RxAsyncCall;
import org.rxrpc4j.RxAsyncService;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.ServiceOptions;

/**
 * The server side of rxperf (service 147): reads one request, checks it, drops the request data
 * and sends the reply data (zeros) and the cookie. It runs on the endpoint's I/O thread as a
 * small state machine per call ({@link RxEndpoint#serveAsync}), so a call costs no thread hop.
 *
 * <p>Malformed requests are aborted with the codes the Linux kernel's rxperf server and the
 * OpenAFS-library peer use, in the same order of checks (see {@link PerfProtocol}): a
 * truncated parameter block or size words, a chunk above 512 KiB, or request data shorter or
 * longer than announced: {@code RXGEN_SS_UNMARSHAL} (-453); a version other than 3:
 * {@code RX_USER_ABORT} (-6); an unknown operation: {@code RXGEN_OPCODE} (-455). Unlike Linux
 * it serves FILE, as OpenAFS rxperf does, for scripts that read before they write.
 */
public final class PerfService implements RxAsyncService {

    /** Zeros to send from; slices of it are read-only views, so one buffer serves every call. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

    private final Consumer<String> rejections;

    /**
     * @param rejections told one line for every call refused as malformed (on the I/O thread)
     */
    public PerfService(Consumer<String> rejections) {
        this.rejections = Objects.requireNonNull(rejections, "rejections");
    }

    /**
     * Offers rxperf (service 147) on an endpoint.
     *
     * @param endpoint where to serve it
     * @param rejections told one line for every call refused as malformed
     */
    public static void serveOn(RxEndpoint endpoint, Consumer<String> rejections) {
        endpoint.serveAsync(PerfProtocol.SERVICE_ID, ServiceOptions.defaults().withBacklog(256),
                new PerfService(rejections));
    }

    @Override
    public RxAsyncCall.Listener onCall(RxAsyncCall call) {
        return new Exchange();
    }

    private enum Stage { HEADER, SIZES, SCRIPT, DATA, END, REPLY, DONE }

    /** One call's progress through the request and the reply. */
    private final class Exchange implements RxAsyncCall.Listener {
        private Stage stage = Stage.HEADER;
        private ByteBuffer pending = ByteBuffer.allocate(PerfProtocol.HEADER_BYTES);
        private PerfMode mode;
        private long in;
        private long out;
        private long scriptEntries;
        private final ByteBuffer cookie = ByteBuffer.allocate(4).putInt(0, PerfProtocol.COOKIE);

        @Override
        public void onReadable(RxAsyncCall call) {
            while (true) {
                switch (stage) {
                    case HEADER, SIZES, SCRIPT -> {
                        call.read(pending);
                        if (pending.hasRemaining()) {
                            if (call.atEnd()) {
                                refuse(call, PerfProtocol.ABORT_BAD_REQUEST, what() + " truncated");
                            }
                            return;
                        }
                        parsed(call, pending.flip());
                    }
                    case DATA -> {
                        in -= call.skip(in);
                        if (in > 0) {
                            if (call.atEnd()) {
                                refuse(call, PerfProtocol.ABORT_BAD_REQUEST, "request data shorter than announced");
                            }
                            return;
                        }
                        stage = Stage.END;
                    }
                    case END -> {
                        if (call.readableBytes() > 0) {
                            refuse(call, PerfProtocol.ABORT_BAD_REQUEST, "request data longer than announced");
                            return;
                        }
                        if (!call.atEnd()) {
                            return;
                        }
                        stage = Stage.REPLY;
                        onWritable(call);
                        return;
                    }
                    default -> {
                        return;
                    }
                }
            }
        }

        private String what() {
            return switch (stage) {
                case HEADER -> "parameter block";
                case SCRIPT -> "script";
                default -> mode == PerfMode.FILE ? "script length" : "size words";
            };
        }

        /** A fixed-size part of the request is complete in {@code b}. */
        private void parsed(RxAsyncCall call, ByteBuffer b) {
            switch (stage) {
                case HEADER -> {
                    byte[] block = new byte[PerfProtocol.HEADER_BYTES];
                    b.get(block);
                    PerfHeader h = PerfHeader.decode(block);
                    if (h.version() != PerfProtocol.VERSION) {
                        refuse(call, PerfProtocol.ABORT_BAD_VERSION, "unsupported rxperf version " + h.version());
                    } else if (h.readSize() > PerfProtocol.MAX_CHUNK || h.writeSize() > PerfProtocol.MAX_CHUNK) {
                        refuse(call, PerfProtocol.ABORT_BAD_REQUEST, "read/write chunk size above 512 KiB");
                    } else if ((mode = h.mode()) == null) {
                        refuse(call, PerfProtocol.ABORT_BAD_OPERATION, "unsupported operation " + h.operation());
                    } else {
                        stage = Stage.SIZES;
                        pending = ByteBuffer.allocate(mode == PerfMode.RPC ? 8 : 4);
                    }
                }
                case SIZES -> {
                    long first = b.getInt() & 0xffffffffL;
                    switch (mode) {
                        case SEND -> startData(first, 0);
                        case RECV -> startData(0, first);
                        case RPC -> startData(first, b.getInt() & 0xffffffffL);
                        case FILE -> script(call, first);
                    }
                }
                case SCRIPT -> {
                    boolean reading = true;
                    long inBytes = 0;
                    long outBytes = 0;
                    for (long i = 0; i < scriptEntries; i++) {
                        long e = b.getInt() & 0xffffffffL;
                        if (e == 0) {
                            reading = !reading;
                        } else if (reading) {
                            if (outBytes > 0) {
                                refuse(call, PerfProtocol.ABORT_BAD_REQUEST, "script reads after it has written");
                                return;
                            }
                            inBytes += 4 * e;
                        } else {
                            outBytes += 4 * e;
                        }
                    }
                    startData(inBytes, outBytes);
                }
                default -> throw new IllegalStateException(stage.name());
            }
        }

        private void script(RxAsyncCall call, long entries) {
            if (entries > PerfProtocol.MAX_SCRIPT_ENTRIES) {
                refuse(call, PerfProtocol.ABORT_BAD_REQUEST, "script of " + entries + " entries");
                return;
            }
            scriptEntries = entries;
            stage = Stage.SCRIPT;
            pending = ByteBuffer.allocate((int) (4 * entries));
        }

        private void startData(long inBytes, long outBytes) {
            in = inBytes;
            out = outBytes;
            stage = Stage.DATA;
        }

        @Override
        public void onWritable(RxAsyncCall call) {
            if (stage != Stage.REPLY) {
                return;
            }
            int space;
            while (out > 0 && (space = call.sendSpace()) > 0) {
                int n = (int) Math.min(Math.min(space, ZEROS.capacity()), out);
                ByteBuffer zeros = ZEROS.duplicate().limit(n);
                call.send(zeros, out == n && !mode.hasCookie());
                out -= n - zeros.remaining();
            }
            if (out > 0) {
                return;
            }
            if (!mode.hasCookie()) {
                call.finish();
                stage = Stage.DONE;
                return;
            }
            if (call.sendSpace() > 0) {
                call.send(cookie, true);
                if (!cookie.hasRemaining()) {
                    stage = Stage.DONE;
                }
            }
        }

        private void refuse(RxAsyncCall call, int code, String why) {
            stage = Stage.DONE;
            rejections.accept("call from " + call.peer().getAddress().getHostAddress() + ":" + call.peer().getPort()
                    + " aborted with " + code + ": " + why);
            call.abort(code);
        }
    }
}
