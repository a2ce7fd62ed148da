package org.rxrpc4j;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.rxrpc4j.wire.DecodeException;
import org.rxrpc4j.wire.Xdr;

/**
 * Reads XDR as rxgen marshals it (rx-protocol.md §12.1) from a byte array, so a program can
 * decode the reply of any rxgen-defined RPC by hand:
 *
 * <pre>{@code
 * XdrReader in = new XdrReader(reply);
 * int[] ids = in.readInt32Array(PR_MAXLIST);   // PR_NameToID's idlist
 * in.expectEnd();
 * }</pre>
 *
 * <p>Every variable-length read takes the bound the interface declares; a length or count above
 * it, or one whose minimum encoded size exceeds the bytes left, fails before anything is
 * allocated, so a hostile peer cannot make the reader allocate much. Malformed input fails with
 * the unchecked {@link XdrException}, which names the reason and the offset of the item; the
 * reader's position is then unspecified and the reader should be dropped. Strings are read as
 * ISO-8859-1 (one char per byte), so any byte string survives a round trip. The reader never
 * modifies or keeps references to returned arrays. Not thread-safe.
 */
public final class XdrReader {

    private final ByteBuf in;

    /**
     * A reader over all of {@code bytes} (not copied: do not change them while reading).
     *
     * @param bytes the XDR input
     */
    public XdrReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    /**
     * A reader over {@code length} bytes of {@code bytes} from {@code offset} (not copied).
     * Offsets in {@link XdrException} and {@link #position()} count from {@code offset}.
     *
     * @param bytes the array
     * @param offset where the XDR input starts
     * @param length how many bytes it has
     * @throws IndexOutOfBoundsException if the range is outside the array
     */
    public XdrReader(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(bytes, "bytes").length);
        this.in = Unpooled.wrappedBuffer(bytes, offset, length);
    }

    /**
     * Reads a signed 32-bit int ({@code int}, {@code afs_int32}, {@code enum}, scalar
     * {@code char} and {@code short}).
     *
     * @return the value
     * @throws XdrException {@code TRUNCATED} if fewer than 4 bytes remain
     */
    public int readInt32() {
        int at = position();
        try {
            return Xdr.readInt32(in);
        } catch (DecodeException e) {
            throw translate(e, at);
        }
    }

    /**
     * Reads an unsigned 32-bit int ({@code afs_uint32}).
     *
     * @return the value, 0..2^32-1
     * @throws XdrException {@code TRUNCATED} if fewer than 4 bytes remain
     */
    public long readUint32() {
        int at = position();
        try {
            return Xdr.readUint32(in);
        } catch (DecodeException e) {
            throw translate(e, at);
        }
    }

    /**
     * Reads a 64-bit {@code hyper} ({@code afs_int64}; {@code afs_uint64} comes back with the
     * same bits): the high word first.
     *
     * @return the value
     * @throws XdrException {@code TRUNCATED} if fewer than 8 bytes remain
     */
    public long readInt64() {
        int at = position();
        try {
            return Xdr.readInt64(in);
        } catch (DecodeException e) {
            throw translate(e, at);
        }
    }

    /**
     * Reads a {@code bool}.
     *
     * @return the value
     * @throws XdrException {@code TRUNCATED} if fewer than 4 bytes remain; {@code BAD_VALUE} if
     *     the word is neither 0 nor 1
     */
    public boolean readBool() {
        int at = position();
        try {
            return Xdr.readBool(in);
        } catch (DecodeException e) {
            throw translate(e, at);
        }
    }

    /**
     * Reads {@code string x<max>} as ISO-8859-1.
     *
     * @param max the declared bound, in bytes
     * @return the string
     * @throws XdrException {@code LENGTH_OVER_BOUND} if its length exceeds {@code max};
     *     {@code TRUNCATED} if the bytes or padding run past the end
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public String readString(int max) {
        int at = position();
        try {
            return Xdr.readString(in, max);
        } catch (DecodeException e) {
            throw translate(e, at);
        }
    }

    /**
     * Reads {@code opaque x<max>}: a length, the bytes, padding.
     *
     * @param max the declared bound
     * @return the bytes
     * @throws XdrException {@code LENGTH_OVER_BOUND} if the length exceeds {@code max};
     *     {@code TRUNCATED} if the bytes or padding run past the end
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public byte[] readOpaque(int max) {
        int at = position();
        try {
            return Xdr.readOpaque(in, max);
        } catch (DecodeException e) {
            throw translate(e, at);
        }
    }

    /**
     * Reads {@code opaque x[n]}: n bytes and the padding to a multiple of 4.
     *
     * @param n the declared size
     * @return the n bytes
     * @throws XdrException {@code TRUNCATED} if they run past the end
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public byte[] readFixedOpaque(int n) {
        int at = position();
        try {
            return Xdr.readOpaqueFixed(in, n);
        } catch (DecodeException e) {
            throw translate(e, at);
        }
    }

    /**
     * Reads the fixed array {@code char x[n]}: n words, one per char. A word must hold a C char
     * (-128..255, sign- or zero-extended).
     *
     * @param n the declared size
     * @return the n chars as bytes
     * @throws XdrException {@code TRUNCATED} if fewer than 4·n bytes remain; {@code BAD_VALUE}
     *     if a word is outside -128..255
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public byte[] readCharArray(int n) {
        int at = position();
        try {
            return Xdr.readCharArray(in, n);
        } catch (DecodeException e) {
            throw translate(e, at);
        }
    }

    /**
     * Reads {@code char x[n]} holding a NUL-terminated C string (a PR {@code prname}, a VL
     * name): the chars before the first NUL, as ISO-8859-1. All n words are consumed.
     *
     * @param n the declared size
     * @return the string
     * @throws XdrException as {@link #readCharArray(int)}
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public String readCharString(int n) {
        int at = position();
        try {
            return Xdr.readCharString(in, n);
        } catch (DecodeException e) {
            throw translate(e, at);
        }
    }

    /**
     * Reads {@code int32 x<max>} (a PR {@code idlist} or {@code prlist}).
     *
     * @param max the declared bound on the count
     * @return the values
     * @throws XdrException {@code LENGTH_OVER_BOUND} if the count exceeds {@code max};
     *     {@code TRUNCATED} if the values run past the end
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public int[] readInt32Array(int max) {
        int count = readCount(max, Xdr.UNIT);
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    /**
     * Reads the variable array {@code T x<max>}: a count, then the elements through
     * {@code element}. Every XDR item takes at least 4 bytes, so a count larger than a quarter of
     * the bytes left is refused at once.
     *
     * @param <T> the element type
     * @param max the declared bound on the count
     * @param element reads one element from this reader; must not return null
     * @return an immutable list of the elements
     * @throws XdrException {@code LENGTH_OVER_BOUND} if the count exceeds {@code max};
     *     {@code TRUNCATED} if the elements cannot fit; or whatever {@code element} throws
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public <T> List<T> readArray(int max, Function<? super XdrReader, ? extends T> element) {
        return readArray(max, Xdr.UNIT, element);
    }

    /**
     * Reads the variable array {@code T x<max>}, refusing at once a count whose elements cannot
     * fit in the bytes left, given the fewest bytes one element takes (for example 304 for a PR
     * {@code prlistentries}).
     *
     * @param <T> the element type
     * @param max the declared bound on the count
     * @param minElementSize the fewest bytes one element takes on the wire, at least 1
     * @param element reads one element from this reader; must not return null
     * @return an immutable list of the elements
     * @throws XdrException {@code LENGTH_OVER_BOUND} if the count exceeds {@code max};
     *     {@code TRUNCATED} if the elements cannot fit; or whatever {@code element} throws
     * @throws IllegalArgumentException if {@code max} is negative or {@code minElementSize} is
     *     below 1
     */
    public <T> List<T> readArray(int max, int minElementSize,
            Function<? super XdrReader, ? extends T> element) {
        if (minElementSize < 1) {
            throw new IllegalArgumentException("minElementSize must be at least 1: " + minElementSize);
        }
        Objects.requireNonNull(element, "element");
        int count = readCount(max, minElementSize);
        List<T> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(element.apply(this));
        }
        return List.copyOf(items);
    }

    /**
     * Reads the fixed array {@code T x[n]}: n elements, no count.
     *
     * @param <T> the element type
     * @param n the declared size
     * @param element reads one element from this reader; must not return null
     * @return an immutable list of the n elements
     * @throws XdrException whatever {@code element} throws (at the latest {@code TRUNCATED}
     *     when the input ends)
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public <T> List<T> readFixedArray(int n, Function<? super XdrReader, ? extends T> element) {
        if (n < 0) {
            throw new IllegalArgumentException("negative XDR bound: " + n);
        }
        Objects.requireNonNull(element, "element");
        List<T> items = new ArrayList<>(Math.min(n, remaining()));
        for (int i = 0; i < n; i++) {
            items.add(element.apply(this));
        }
        return List.copyOf(items);
    }

    /**
     * Reads an optional {@code T *p} inside a type: a {@code bool}, then the value if it is
     * true (as in the linked lists such as VL's {@code vldb_list}).
     *
     * @param <T> the value type
     * @param element reads the value from this reader
     * @return the value, or null if none was present
     * @throws XdrException as {@link #readBool()}, or whatever {@code element} throws
     */
    public <T> T readOptional(Function<? super XdrReader, ? extends T> element) {
        Objects.requireNonNull(element, "element");
        return readBool() ? element.apply(this) : null;
    }

    /**
     * Skips bytes (a field the caller does not need, or a spare).
     *
     * @param bytes how many
     * @return this reader
     * @throws XdrException {@code TRUNCATED} if fewer remain
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public XdrReader skip(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative skip: " + bytes);
        }
        if (bytes > remaining()) {
            throw new XdrException(XdrException.Reason.TRUNCATED, position(),
                    "skip " + bytes + " bytes, " + remaining() + " remain");
        }
        in.skipBytes(bytes);
        return this;
    }

    /** @return the bytes not read yet */
    public int remaining() {
        return in.readableBytes();
    }

    /** @return the offset of the next byte to read, from the start of the input */
    public int position() {
        return in.readerIndex();
    }

    /**
     * Checks that the whole input has been read, as the end of an RPC's reply should be.
     *
     * @throws XdrException {@code TRAILING_BYTES} if any bytes remain
     */
    public void expectEnd() {
        if (in.isReadable()) {
            throw new XdrException(XdrException.Reason.TRAILING_BYTES, position(),
                    remaining() + " bytes left after the last item");
        }
    }

    private int readCount(int max, int minElementSize) {
        if (max < 0) {
            throw new IllegalArgumentException("negative XDR bound: " + max);
        }
        int at = position();
        long count = readUint32();
        if (count > max) {
            throw new XdrException(XdrException.Reason.LENGTH_OVER_BOUND, at,
                    "array count " + count + " > bound " + max);
        }
        if (count * minElementSize > remaining()) {
            throw new XdrException(XdrException.Reason.TRUNCATED, at,
                    "array count " + count + " x " + minElementSize + " bytes, " + remaining() + " remain");
        }
        return (int) count;
    }

    private static XdrException translate(DecodeException e, int at) {
        XdrException.Reason reason = switch (e.reason()) {
            case XDR_TRUNCATED -> XdrException.Reason.TRUNCATED;
            case XDR_LENGTH_OVER_BOUND -> XdrException.Reason.LENGTH_OVER_BOUND;
            default -> XdrException.Reason.BAD_VALUE;
        };
        return new XdrException(reason, at, e.getMessage());
    }
}
