package org.rxrpc4j.tools.perf;

/**
 * The numbers of the rxperf protocol shared by OpenAFS rxperf and the Linux kernel's rxperf
 * server (rx-protocol.md §11): service, version, cookie, port and chunk limits, and the abort
 * codes a server answers malformed requests with.
 */
public final class PerfProtocol {

    /** The Rx service ID of rxperf. */
    public static final int SERVICE_ID = 147;
    /** The UDP port rxperf uses by default. */
    public static final int DEFAULT_PORT = 7009;
    /** The protocol version in the first word of every request. */
    public static final int VERSION = 3;
    /** The word that ends every SEND, RECV and RPC reply. */
    public static final int COOKIE = 0x4711;
    /** The largest read or write chunk a request may ask the server to use (512 KiB). */
    public static final int MAX_CHUNK = 512 * 1024;
    /** The length of the parameter block: version, operation, read size, write size. */
    public static final int HEADER_BYTES = 16;
    /** The most FILE script entries a server accepts. */
    public static final int MAX_SCRIPT_ENTRIES = 1 << 16;

    /** Abort code for a version other than {@link #VERSION}: {@code RX_USER_ABORT}. */
    public static final int ABORT_BAD_VERSION = -6;
    /** Abort code for an unknown operation: {@code RXGEN_OPCODE}. */
    public static final int ABORT_BAD_OPERATION = -455;
    /**
     * Abort code for a request that is cut short, longer than announced, or asks for a chunk
     * above {@link #MAX_CHUNK}: {@code RXGEN_SS_UNMARSHAL}.
     */
    public static final int ABORT_BAD_REQUEST = -453;

    private PerfProtocol() {
    }
}
