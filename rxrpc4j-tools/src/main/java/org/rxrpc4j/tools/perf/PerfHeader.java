package org.rxrpc4j.tools.perf;

import java.nio.ByteBuffer;

/**
 * The 16-byte parameter block every rxperf request starts with: four big-endian words.
 *
 * <pre>
 *  0  version     3
 *  4  operation   0 SEND, 1 RECV, 3 RPC, 4 FILE
 *  8  read size   the chunk the server reads with (0: no preference)
 * 12  write size  the chunk the server writes with (0: no preference)
 * </pre>
 *
 * The values are kept as unsigned words in {@code long}s so a decoded block can hold anything
 * a peer sent.
 *
 * @param version the protocol version
 * @param operation the operation code (see {@link PerfMode#code()})
 * @param readSize the server's read chunk
 * @param writeSize the server's write chunk
 */
public record PerfHeader(long version, long operation, long readSize, long writeSize) {

    /**
     * @param mode the operation
     * @param readSize the server's read chunk
     * @param writeSize the server's write chunk
     * @return a version-3 block
     */
    public static PerfHeader of(PerfMode mode, int readSize, int writeSize) {
        return new PerfHeader(PerfProtocol.VERSION, mode.code(), readSize, writeSize);
    }

    /** @return the block's 16 bytes */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(PerfProtocol.HEADER_BYTES);
        b.putInt((int) version).putInt((int) operation).putInt((int) readSize).putInt((int) writeSize);
        return b.array();
    }

    /**
     * @param block at least 16 bytes
     * @return the block they hold
     * @throws IllegalArgumentException if there are fewer than 16 bytes
     */
    public static PerfHeader decode(byte[] block) {
        if (block.length < PerfProtocol.HEADER_BYTES) {
            throw new IllegalArgumentException("an rxperf parameter block is 16 bytes, not " + block.length);
        }
        ByteBuffer b = ByteBuffer.wrap(block);
        return new PerfHeader(u32(b), u32(b), u32(b), u32(b));
    }

    /** @return the operation as a mode, or null if the code is unknown */
    public PerfMode mode() {
        return operation > Integer.MAX_VALUE ? null : PerfMode.ofCode((int) operation);
    }

    static long u32(ByteBuffer b) {
        return b.getInt() & 0xffffffffL;
    }
}
