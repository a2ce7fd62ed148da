package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.List;

/**
 * Argument checks and length checks shared by the fixed-layout body records. Constructor checks
 * throw {@link IllegalArgumentException} (a programming error); buffer checks throw
 * {@link DecodeException} (malformed input).
 */
final class WireChecks {

    private WireChecks() {
    }

    static void u8(String name, int value) {
        range(name, value, 0, 0xff);
    }

    static void u16(String name, int value) {
        range(name, value, 0, 0xffff);
    }

    static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " out of range " + min + ".." + max + ": " + value);
        }
    }

    /**
     * Copies a list that stands for a fixed C array, so a record holds an immutable list of
     * exactly {@code size} elements, each within {@code min..max}.
     */
    static List<Integer> fixedList(String name, List<Integer> values, int size, long min, long max) {
        if (values == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        List<Integer> copy = List.copyOf(values);
        if (copy.size() != size) {
            throw new IllegalArgumentException(name + " needs " + size + " elements, got " + copy.size());
        }
        for (int v : copy) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + " element out of range " + min + ".." + max + ": " + v);
            }
        }
        return copy;
    }

    /** Fixed list of signed 32-bit words. */
    static List<Integer> words(String name, List<Integer> values, int size) {
        return fixedList(name, values, size, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** Fixed list of unsigned bytes. */
    static List<Integer> bytes(String name, List<Integer> values, int size) {
        return fixedList(name, values, size, 0, 0xff);
    }

    /** Fixed list of unsigned 16-bit values. */
    static List<Integer> shorts(String name, List<Integer> values, int size) {
        return fixedList(name, values, size, 0, 0xffff);
    }

    /** A list of {@code size} zeros, for spare fields of freshly built values. */
    static List<Integer> zeros(int size) {
        return Collections.nCopies(size, 0);
    }

    /**
     * Rejects a body shorter than a fixed struct. A longer body is accepted: OpenAFS rxdebug copies
     * a reply and truncates it to the size it expects, and we follow it.
     */
    static void requireBody(ByteBuf body, int size, String what) throws DecodeException {
        if (body.readableBytes() < size) {
            throw new DecodeException(DecodeException.Reason.BODY_TRUNCATED,
                    what + ": " + body.readableBytes() + " of " + size + " bytes");
        }
    }

    static List<Integer> readWords(ByteBuf in, int count) {
        Integer[] out = new Integer[count];
        for (int i = 0; i < count; i++) {
            out[i] = in.readInt();
        }
        return List.of(out);
    }

    static List<Integer> readBytes(ByteBuf in, int count) {
        Integer[] out = new Integer[count];
        for (int i = 0; i < count; i++) {
            out[i] = (int) in.readUnsignedByte();
        }
        return List.of(out);
    }

    static List<Integer> readShorts(ByteBuf in, int count) {
        Integer[] out = new Integer[count];
        for (int i = 0; i < count; i++) {
            out[i] = in.readUnsignedShort();
        }
        return List.of(out);
    }

    static void writeWords(ByteBuf out, List<Integer> values) {
        for (int v : values) {
            out.writeInt(v);
        }
    }

    static void writeBytes(ByteBuf out, List<Integer> values) {
        for (int v : values) {
            out.writeByte(v);
        }
    }

    static void writeShorts(ByteBuf out, List<Integer> values) {
        for (int v : values) {
            out.writeShort(v);
        }
    }

    /** Dotted-quad form of an IPv4 address held as its four bytes read big-endian. */
    static String ipv4(int host) {
        return (host >>> 24) + "." + ((host >>> 16) & 0xff) + "." + ((host >>> 8) & 0xff) + "." + (host & 0xff);
    }
}
