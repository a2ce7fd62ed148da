package org.rxrpc4j.tools.perf;

import java.nio.ByteBuffer;

/**
 * What one rxperf call asks for, and the bytes a client sends before its payload: the
 * {@link PerfHeader parameter block}, then per mode
 *
 * <pre>
 * SEND  u32 bytes                      then bytes of data
 * RECV  u32 bytes
 * RPC   u32 sendbytes, u32 readbytes   then sendbytes of data
 * FILE  u32 n, n x u32 entries         then data as the script says
 * </pre>
 *
 * A FILE request is made here from a send and a receive size as the script
 * {@code [sendBytes/4, 0, recvBytes/4]} (a zero entry turns the direction round; zero-size
 * parts are left out), which is the only shape a request-then-reply Rx call can carry.
 *
 * @param mode the operation
 * @param readChunk the chunk the server is asked to read with (1..512 KiB)
 * @param writeChunk the chunk the server is asked to write with (1..512 KiB)
 * @param sendBytes payload bytes the client sends
 * @param recvBytes payload bytes the client receives (the cookie not counted)
 */
public record PerfRequest(PerfMode mode, int readChunk, int writeChunk, long sendBytes, long recvBytes) {

    /** The largest size a size word can carry here (the OpenAFS tools' limit). */
    public static final long MAX_SIZE = Integer.MAX_VALUE;

    public PerfRequest {
        if (mode == null) {
            throw new IllegalArgumentException("no mode");
        }
        checkChunk("read chunk", readChunk);
        checkChunk("write chunk", writeChunk);
        checkSize("send size", sendBytes);
        checkSize("receive size", recvBytes);
        if (mode == PerfMode.SEND && recvBytes != 0 || mode == PerfMode.RECV && sendBytes != 0) {
            throw new IllegalArgumentException(mode.label() + " moves data one way only");
        }
        if (mode == PerfMode.FILE && (sendBytes % 4 != 0 || recvBytes % 4 != 0)) {
            throw new IllegalArgumentException("file sizes must be multiples of 4 bytes");
        }
    }

    /**
     * @param mode the operation
     * @param bytes the size of SEND and RECV calls
     * @param send the request size of RPC and FILE calls
     * @param recv the reply size of RPC and FILE calls
     * @param chunk the read and write chunk
     * @return the request of one call in that mode
     */
    public static PerfRequest of(PerfMode mode, long bytes, long send, long recv, int chunk) {
        return switch (mode) {
            case SEND -> new PerfRequest(mode, chunk, chunk, bytes, 0);
            case RECV -> new PerfRequest(mode, chunk, chunk, 0, bytes);
            case RPC, FILE -> new PerfRequest(mode, chunk, chunk, send, recv);
        };
    }

    /** @return the FILE script entries (in 4-byte words; 0 flips direction); empty for others */
    public long[] script() {
        if (mode != PerfMode.FILE) {
            return new long[0];
        }
        long[] s = new long[3];
        int n = 0;
        if (sendBytes > 0) {
            s[n++] = sendBytes / 4;
        }
        s[n++] = 0;
        if (recvBytes > 0) {
            s[n++] = recvBytes / 4;
        }
        return java.util.Arrays.copyOf(s, n);
    }

    /** @return the parameter block and size words (and FILE script) that precede the payload */
    public byte[] prefix() {
        long[] script = script();
        int words = switch (mode) {
            case SEND, RECV -> 1;
            case RPC -> 2;
            case FILE -> 1 + script.length;
        };
        ByteBuffer b = ByteBuffer.allocate(PerfProtocol.HEADER_BYTES + 4 * words);
        b.put(PerfHeader.of(mode, readChunk, writeChunk).encode());
        switch (mode) {
            case SEND -> b.putInt((int) sendBytes);
            case RECV -> b.putInt((int) recvBytes);
            case RPC -> b.putInt((int) sendBytes).putInt((int) recvBytes);
            case FILE -> {
                b.putInt(script.length);
                for (long e : script) {
                    b.putInt((int) e);
                }
            }
        }
        return b.array();
    }

    /** @return all the bytes the client sends: prefix and payload */
    public long requestLength() {
        return prefix().length + sendBytes;
    }

    /** @return all the bytes the server sends back: payload and, where the mode has one, cookie */
    public long replyLength() {
        return recvBytes + (mode.hasCookie() ? 4 : 0);
    }

    /** @return the payload bytes of one call, both ways (what rxperf's rate counts) */
    public long payloadBytes() {
        return sendBytes + recvBytes;
    }

    private static void checkChunk(String what, int chunk) {
        if (chunk < 1 || chunk > PerfProtocol.MAX_CHUNK) {
            throw new IllegalArgumentException(what + " must be 1.." + PerfProtocol.MAX_CHUNK + ": " + chunk);
        }
    }

    private static void checkSize(String what, long size) {
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException(what + " must be 0.." + MAX_SIZE + ": " + size);
        }
    }
}
