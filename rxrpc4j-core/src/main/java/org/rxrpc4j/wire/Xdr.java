package org.rxrpc4j.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * XDR as rxgen uses it (rx-protocol.md §12.1): static readers and writers over a Netty
 * {@link ByteBuf}, reading at the reader index and writing at the writer index. Static helpers
 * rather than a reader object, so that generated stubs and hand-written codecs compose them
 * directly with the buffer they already hold.
 *
 * <p>Choices:
 * <ul>
 *   <li>{@code unsigned int} is returned as a {@code long} in 0..2^32-1, so callers never
 *       mistake a large count for a negative one.</li>
 *   <li>Strings are ISO-8859-1: each wire byte is one {@code char} and back, so any byte string
 *       (AFS names are bytes, not a declared charset) survives a round trip unchanged. Callers that
 *       know the bytes are UTF-8 read them with {@link #readOpaque(ByteBuf, int)}.</li>
 *   <li>Every variable-length reader takes an explicit bound; a length or count above it fails
 *       with {@code XDR_LENGTH_OVER_BOUND} before anything is allocated, and a count whose minimum
 *       encoded size exceeds the readable bytes fails with {@code XDR_TRUNCATED}, so a hostile
 *       count cannot make a large allocation.</li>
 *   <li>Padding is written as zeros and, as XDR says, ignored on reading (but must be present).</li>
 *   <li>On failure the reader index is left at the start of the item that failed.</li>
 * </ul>
 * Writers throw {@link IllegalArgumentException} for values the declared type cannot hold (a
 * string over its bound, a char outside ISO-8859-1): those are programming errors, not input.
 */
public final class Xdr {

    /** Size of an XDR unit; everything is padded to a multiple of it. */
    public static final int UNIT = 4;

    private Xdr() {
    }

    /**
     * Reads one element of an XDR array.
     *
     * @param <T> the element type
     */
    @FunctionalInterface
    public interface ElementReader<T> {
        /**
         * @param in the buffer, at the element
         * @return the element, never null (the arrays are immutable lists, which hold no nulls)
         * @throws DecodeException if the element is malformed
         */
        T read(ByteBuf in) throws DecodeException;
    }

    /**
     * Writes one element of an XDR array.
     *
     * @param <T> the element type
     */
    @FunctionalInterface
    public interface ElementWriter<T> {
        /**
         * @param out the buffer, at the writer index
         * @param value the element
         */
        void write(ByteBuf out, T value);
    }

    /**
     * @param length a byte count
     * @return the zero bytes that follow {@code length} bytes to reach a multiple of 4
     */
    public static int padding(int length) {
        return -length & (UNIT - 1);
    }

    /**
     * Reads a signed 32-bit int ({@code int}, {@code afs_int32}, {@code enum}, scalar {@code char}
     * and {@code short} as their sign-extended words).
     *
     * @throws DecodeException {@code XDR_TRUNCATED} if fewer than 4 bytes are readable
     */
    public static int readInt32(ByteBuf in) throws DecodeException {
        need(in, UNIT, "int32");
        return in.readInt();
    }

    /** Writes a signed 32-bit int. */
    public static void writeInt32(ByteBuf out, int value) {
        out.writeInt(value);
    }

    /**
     * Reads an unsigned 32-bit int.
     *
     * @return the value, 0..2^32-1
     * @throws DecodeException {@code XDR_TRUNCATED} if fewer than 4 bytes are readable
     */
    public static long readUint32(ByteBuf in) throws DecodeException {
        need(in, UNIT, "uint32");
        return in.readUnsignedInt();
    }

    /**
     * Writes an unsigned 32-bit int.
     *
     * @throws IllegalArgumentException if {@code value} is outside 0..2^32-1
     */
    public static void writeUint32(ByteBuf out, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("uint32 out of range: " + value);
        }
        out.writeInt((int) value);
    }

    /**
     * Reads a 64-bit {@code hyper} / {@code afs_int64}: the high word first, then the low word.
     * Unsigned 64-bit values come back with the same bits.
     *
     * @throws DecodeException {@code XDR_TRUNCATED} if fewer than 8 bytes are readable
     */
    public static long readInt64(ByteBuf in) throws DecodeException {
        need(in, 2 * UNIT, "hyper");
        long high = in.readInt();
        return (high << 32) | in.readUnsignedInt();
    }

    /** Writes a 64-bit {@code hyper}: the high word first. */
    public static void writeInt64(ByteBuf out, long value) {
        out.writeInt((int) (value >>> 32));
        out.writeInt((int) value);
    }

    /**
     * Reads a {@code bool}.
     *
     * @throws DecodeException {@code XDR_TRUNCATED} if fewer than 4 bytes are readable;
     *     {@code BAD_FIELD} if the word is neither 0 nor 1
     */
    public static boolean readBool(ByteBuf in) throws DecodeException {
        need(in, UNIT, "bool");
        int v = in.getInt(in.readerIndex());
        if (v != 0 && v != 1) {
            throw new DecodeException(DecodeException.Reason.BAD_FIELD, "bool " + v);
        }
        in.skipBytes(UNIT);
        return v == 1;
    }

    /** Writes a {@code bool} as 1 or 0. */
    public static void writeBool(ByteBuf out, boolean value) {
        out.writeInt(value ? 1 : 0);
    }

    /**
     * Reads {@code opaque x[n]}: n bytes and the zero padding to a multiple of 4.
     *
     * @throws DecodeException {@code XDR_TRUNCATED} if the bytes or their padding run past the end
     */
    public static byte[] readOpaqueFixed(ByteBuf in, int n) throws DecodeException {
        checkBound(n);
        need(in, (long) n + padding(n), "opaque[" + n + "]");
        byte[] bytes = new byte[n];
        in.readBytes(bytes);
        in.skipBytes(padding(n));
        return bytes;
    }

    /**
     * Writes {@code opaque x[n]}: the bytes and zero padding.
     *
     * @throws IllegalArgumentException if {@code bytes} is not exactly {@code n} long
     */
    public static void writeOpaqueFixed(ByteBuf out, byte[] bytes, int n) {
        if (bytes.length != n) {
            throw new IllegalArgumentException("opaque[" + n + "] given " + bytes.length + " bytes");
        }
        out.writeBytes(bytes);
        out.writeZero(padding(n));
    }

    /**
     * Reads {@code opaque x<max>}: a uint32 length, the bytes, zero padding.
     *
     * @param max the declared bound
     * @throws DecodeException {@code XDR_LENGTH_OVER_BOUND} if the length exceeds {@code max};
     *     {@code XDR_TRUNCATED} if the bytes or padding run past the end
     */
    public static byte[] readOpaque(ByteBuf in, int max) throws DecodeException {
        int start = in.readerIndex();
        int length = readLength(in, max, "opaque");
        if (in.readableBytes() < (long) length + padding(length)) {
            in.readerIndex(start);
            throw truncated("opaque<" + max + "> of " + length + " bytes", in);
        }
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        in.skipBytes(padding(length));
        return bytes;
    }

    /**
     * Writes {@code opaque x<max>}: the length, the bytes, zero padding.
     *
     * @throws IllegalArgumentException if {@code bytes} is longer than {@code max}
     */
    public static void writeOpaque(ByteBuf out, byte[] bytes, int max) {
        checkBound(max);
        if (bytes.length > max) {
            throw new IllegalArgumentException("opaque<" + max + "> given " + bytes.length + " bytes");
        }
        out.writeInt(bytes.length);
        out.writeBytes(bytes);
        out.writeZero(padding(bytes.length));
    }

    /**
     * Reads {@code string x<max>} as ISO-8859-1: a uint32 length (no NUL), the bytes, zero padding.
     *
     * @param max the declared bound, in bytes
     * @throws DecodeException {@code XDR_LENGTH_OVER_BOUND} if the length exceeds {@code max};
     *     {@code XDR_TRUNCATED} if the bytes or padding run past the end
     */
    public static String readString(ByteBuf in, int max) throws DecodeException {
        return new String(readOpaque(in, max), StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes {@code string x<max>} as ISO-8859-1 with zero padding.
     *
     * @throws IllegalArgumentException if the string is longer than {@code max} or has a char
     *     above U+00FF
     */
    public static void writeString(ByteBuf out, String value, int max) {
        writeOpaque(out, latin1(value), max);
    }

    /**
     * Reads the fixed array {@code char x[n]}: n words, one per char (rx-protocol.md §12.1, so a
     * PR {@code prname} is 256 bytes). A word must hold a C char: -128..255, sign-extended (as
     * OpenAFS on signed-char hosts writes it) or zero-extended.
     *
     * @return the n chars as bytes (the low byte of each word)
     * @throws DecodeException {@code XDR_TRUNCATED} if fewer than 4·n bytes are readable;
     *     {@code BAD_FIELD} if a word is outside -128..255
     */
    public static byte[] readCharArray(ByteBuf in, int n) throws DecodeException {
        checkBound(n);
        need(in, (long) n * UNIT, "char[" + n + "]");
        int at = in.readerIndex();
        byte[] chars = new byte[n];
        for (int i = 0; i < n; i++) {
            int w = in.getInt(at + i * UNIT);
            if (w < -128 || w > 255) {
                throw new DecodeException(DecodeException.Reason.BAD_FIELD,
                        "char[" + n + "] element " + i + " = " + w);
            }
            chars[i] = (byte) w;
        }
        in.skipBytes(n * UNIT);
        return chars;
    }

    /**
     * Writes the fixed array {@code char x[n]}, one word per char, sign-extending each byte as
     * OpenAFS does on signed-char hosts (only bytes 0x80..0xFF are affected).
     *
     * @throws IllegalArgumentException if {@code chars} is not exactly {@code n} long
     */
    public static void writeCharArray(ByteBuf out, byte[] chars, int n) {
        if (chars.length != n) {
            throw new IllegalArgumentException("char[" + n + "] given " + chars.length + " chars");
        }
        for (byte c : chars) {
            out.writeInt(c);
        }
    }

    /**
     * Reads {@code char x[n]} that holds a NUL-terminated C string (a PR name): the chars before
     * the first NUL, as ISO-8859-1. What follows the NUL is dropped, so re-encoding is
     * byte-identical only for zero-filled arrays, which is what OpenAFS sends.
     *
     * @throws DecodeException as {@link #readCharArray(ByteBuf, int)}
     */
    public static String readCharString(ByteBuf in, int n) throws DecodeException {
        byte[] chars = readCharArray(in, n);
        int len = 0;
        while (len < n && chars[len] != 0) {
            len++;
        }
        return new String(chars, 0, len, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes {@code char x[n]} holding {@code value}, NUL-terminated and zero-filled.
     *
     * @throws IllegalArgumentException if the string needs more than n-1 chars, or has a NUL or
     *     a char above U+00FF
     */
    public static void writeCharString(ByteBuf out, String value, int n) {
        byte[] bytes = latin1(value);
        if (bytes.length >= n) {
            throw new IllegalArgumentException("char[" + n + "] holds at most " + (n - 1) + " chars");
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new IllegalArgumentException("NUL inside a char[" + n + "] string");
            }
        }
        writeCharArray(out, Arrays.copyOf(bytes, n), n);
    }

    /**
     * Reads the fixed array {@code T x[n]}: n elements, no count.
     *
     * @return an immutable list of the n elements
     * @throws DecodeException whatever the element reader throws
     */
    public static <T> List<T> readFixedArray(ByteBuf in, int n, ElementReader<T> reader)
            throws DecodeException {
        checkBound(n);
        List<T> items = new ArrayList<>(Math.min(n, in.readableBytes()));
        for (int i = 0; i < n; i++) {
            items.add(reader.read(in));
        }
        return List.copyOf(items);
    }

    /**
     * Writes the fixed array {@code T x[n]}.
     *
     * @throws IllegalArgumentException if {@code items} does not have exactly n elements
     */
    public static <T> void writeFixedArray(ByteBuf out, List<T> items, int n, ElementWriter<T> writer) {
        if (items.size() != n) {
            throw new IllegalArgumentException("T[" + n + "] given " + items.size() + " elements");
        }
        for (T item : items) {
            writer.write(out, item);
        }
    }

    /**
     * Reads the variable array {@code T x<max>}: a uint32 count, then the elements.
     *
     * @param max the declared bound on the count
     * @param minElementSize the fewest bytes one element takes on the wire (at least 1; 4 for any
     *     XDR item), used to refuse counts the buffer cannot possibly hold before allocating
     * @return an immutable list of the elements
     * @throws DecodeException {@code XDR_LENGTH_OVER_BOUND} if the count exceeds {@code max};
     *     {@code XDR_TRUNCATED} if the count cannot fit in the readable bytes; or whatever the
     *     element reader throws
     */
    public static <T> List<T> readArray(ByteBuf in, int max, int minElementSize,
            ElementReader<T> reader) throws DecodeException {
        if (minElementSize < 1) {
            throw new IllegalArgumentException("minElementSize must be at least 1: " + minElementSize);
        }
        int start = in.readerIndex();
        int count = readLength(in, max, "array");
        if ((long) count * minElementSize > in.readableBytes()) {
            in.readerIndex(start);
            throw truncated("array<" + max + "> count " + count + " x " + minElementSize + " bytes", in);
        }
        List<T> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(reader.read(in));
        }
        return List.copyOf(items);
    }

    /**
     * Writes the variable array {@code T x<max>}: the count, then the elements.
     *
     * @throws IllegalArgumentException if there are more than {@code max} elements
     */
    public static <T> void writeArray(ByteBuf out, List<T> items, int max, ElementWriter<T> writer) {
        checkBound(max);
        if (items.size() > max) {
            throw new IllegalArgumentException("T<" + max + "> given " + items.size() + " elements");
        }
        out.writeInt(items.size());
        for (T item : items) {
            writer.write(out, item);
        }
    }

    /** Reads a uint32 length or count and checks it against the caller's bound. */
    private static int readLength(ByteBuf in, int max, String what) throws DecodeException {
        checkBound(max);
        need(in, UNIT, what + " length");
        long length = in.getUnsignedInt(in.readerIndex());
        if (length > max) {
            throw new DecodeException(DecodeException.Reason.XDR_LENGTH_OVER_BOUND,
                    what + " length " + length + " > bound " + max);
        }
        in.skipBytes(UNIT);
        return (int) length;
    }

    private static void need(ByteBuf in, long bytes, String what) throws DecodeException {
        if (in.readableBytes() < bytes) {
            throw truncated(what + " needs " + bytes + " bytes", in);
        }
    }

    private static DecodeException truncated(String what, ByteBuf in) {
        return new DecodeException(DecodeException.Reason.XDR_TRUNCATED,
                what + ", " + in.readableBytes() + " readable");
    }

    private static void checkBound(int bound) {
        if (bound < 0) {
            throw new IllegalArgumentException("negative XDR bound: " + bound);
        }
    }

    private static byte[] latin1(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xff) {
                throw new IllegalArgumentException("char outside ISO-8859-1 at " + i + " in XDR string");
            }
        }
        return value.getBytes(StandardCharsets.ISO_8859_1);
    }
}
