package org.rxrpc4j;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.rxrpc4j.wire.Xdr;

/**
 * Writes XDR as rxgen marshals it (rx-protocol.md §12.1), so a program can build the request
 * of any rxgen-defined RPC by hand. Every method appends one item and returns this writer, so
 * calls chain:
 *
 * <pre>{@code
 * byte[] req = new XdrWriter()
 *         .writeInt32(509)              // PR_NewEntry
 *         .writeString("alice", 64)     // string name<PR_MAXNAMELEN>
 *         .writeInt32(0)                // flag
 *         .writeInt32(0)                // oid
 *         .toByteArray();
 * }</pre>
 * ({@link RxRpc#request(int, java.util.function.Consumer)} writes the opcode for you.)
 *
 * <p>A writer made with {@link #XdrWriter()} grows a heap buffer of its own as needed; one made
 * with {@link #XdrWriter(ByteBuf)} appends at the writer index of a buffer the caller owns (and
 * releases). Mapping of rxgen types:
 * <table>
 *   <caption>rxgen type → method</caption>
 *   <tr><td>{@code int}, {@code afs_int32}, {@code enum}, scalar {@code char}/{@code short}</td>
 *       <td>{@link #writeInt32(int)}</td></tr>
 *   <tr><td>{@code afs_uint32}, {@code u_int}</td><td>{@link #writeUint32(long)}</td></tr>
 *   <tr><td>{@code afs_int64}, {@code afs_uint64}, {@code hyper}</td><td>{@link #writeInt64(long)}</td></tr>
 *   <tr><td>{@code bool}</td><td>{@link #writeBool(boolean)}</td></tr>
 *   <tr><td>{@code string x<N>}</td><td>{@link #writeString(String, int)}</td></tr>
 *   <tr><td>{@code opaque x<N>} / {@code opaque x[N]}</td>
 *       <td>{@link #writeOpaque(byte[], int)} / {@link #writeFixedOpaque(byte[], int)}</td></tr>
 *   <tr><td>{@code char x[N]} (4 bytes per char)</td>
 *       <td>{@link #writeCharString(String, int)} / {@link #writeCharArray(byte[], int)}</td></tr>
 *   <tr><td>{@code T x<N>} / {@code T x[N]}</td>
 *       <td>{@link #writeArray(List, int, BiConsumer)} / {@link #writeFixedArray(List, int, BiConsumer)};
 *       {@link #writeInt32Array(int[], int)} for {@code int32<N>}</td></tr>
 *   <tr><td>optional {@code T *p}</td><td>{@link #writeOptional(Object, BiConsumer)}</td></tr>
 * </table>
 *
 * <p>Values the declared type cannot hold (a string longer than its bound, a char outside
 * ISO-8859-1, an array of the wrong size) are programming errors and throw
 * {@link IllegalArgumentException}; a scalar or string that fails writes nothing, but an array
 * whose element writer fails leaves the elements before it written. Strings are ISO-8859-1 (one byte per char), as AFS names are byte strings. Not
 * thread-safe.
 */
public final class XdrWriter {

    private final ByteBuf out;
    private final int start;

    /** A writer over a growable heap buffer of its own. */
    public XdrWriter() {
        this(64);
    }

    /**
     * A writer over a growable heap buffer of its own.
     *
     * @param initialCapacity the bytes to reserve at first (it grows beyond as needed)
     * @throws IllegalArgumentException if {@code initialCapacity} is negative
     */
    public XdrWriter(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("negative capacity: " + initialCapacity);
        }
        this.out = Unpooled.buffer(initialCapacity);
        this.start = 0;
    }

    /**
     * A writer that appends at the writer index of {@code buffer}, which the caller keeps owning
     * (and releases). {@link #size()} and {@link #toByteArray()} cover only what this writer
     * appended.
     *
     * @param buffer the buffer to append to
     */
    public XdrWriter(ByteBuf buffer) {
        this.out = Objects.requireNonNull(buffer, "buffer");
        this.start = buffer.writerIndex();
    }

    /**
     * Writes a signed 32-bit int ({@code int}, {@code afs_int32}, {@code enum}, and scalar
     * {@code char}, {@code short} as their sign-extended words).
     *
     * @param value the value
     * @return this writer
     */
    public XdrWriter writeInt32(int value) {
        Xdr.writeInt32(out, value);
        return this;
    }

    /**
     * Writes an unsigned 32-bit int.
     *
     * @param value the value, 0..2^32-1
     * @return this writer
     * @throws IllegalArgumentException if {@code value} is out of range
     */
    public XdrWriter writeUint32(long value) {
        Xdr.writeUint32(out, value);
        return this;
    }

    /**
     * Writes a 64-bit {@code hyper} ({@code afs_int64}; {@code afs_uint64} with the same bits):
     * the high word first.
     *
     * @param value the value
     * @return this writer
     */
    public XdrWriter writeInt64(long value) {
        Xdr.writeInt64(out, value);
        return this;
    }

    /**
     * Writes a {@code bool} as 1 or 0.
     *
     * @param value the value
     * @return this writer
     */
    public XdrWriter writeBool(boolean value) {
        Xdr.writeBool(out, value);
        return this;
    }

    /**
     * Writes {@code string x<max>}: a uint32 length (no NUL), the ISO-8859-1 bytes, zero padding
     * to a multiple of 4.
     *
     * @param value the string
     * @param max the declared bound, in bytes
     * @return this writer
     * @throws IllegalArgumentException if the string is longer than {@code max} or has a char
     *     above U+00FF
     */
    public XdrWriter writeString(String value, int max) {
        Xdr.writeString(out, Objects.requireNonNull(value, "value"), max);
        return this;
    }

    /**
     * Writes {@code opaque x<max>}: a uint32 length, the bytes, zero padding.
     *
     * @param bytes the bytes
     * @param max the declared bound
     * @return this writer
     * @throws IllegalArgumentException if there are more than {@code max} bytes
     */
    public XdrWriter writeOpaque(byte[] bytes, int max) {
        Xdr.writeOpaque(out, Objects.requireNonNull(bytes, "bytes"), max);
        return this;
    }

    /**
     * Writes {@code opaque x[n]}: exactly n bytes and zero padding, no length.
     *
     * @param bytes the bytes
     * @param n the declared size
     * @return this writer
     * @throws IllegalArgumentException if {@code bytes} is not exactly n long
     */
    public XdrWriter writeFixedOpaque(byte[] bytes, int n) {
        Xdr.writeOpaqueFixed(out, Objects.requireNonNull(bytes, "bytes"), n);
        return this;
    }

    /**
     * Writes the fixed array {@code char x[n]}: n words, one per char, each byte sign-extended as
     * OpenAFS does on signed-char hosts.
     *
     * @param chars exactly n chars
     * @param n the declared size
     * @return this writer
     * @throws IllegalArgumentException if {@code chars} is not exactly n long
     */
    public XdrWriter writeCharArray(byte[] chars, int n) {
        Xdr.writeCharArray(out, Objects.requireNonNull(chars, "chars"), n);
        return this;
    }

    /**
     * Writes {@code char x[n]} holding a C string (a PR {@code prname} is {@code char[64]}, a VL
     * name {@code char[65]}): the ISO-8859-1 bytes, a NUL, zero fill; 4·n bytes in all.
     *
     * @param value the string, at most n-1 chars, no NUL
     * @param n the declared size
     * @return this writer
     * @throws IllegalArgumentException if the string needs more than n-1 chars, or has a NUL or
     *     a char above U+00FF
     */
    public XdrWriter writeCharString(String value, int n) {
        Xdr.writeCharString(out, Objects.requireNonNull(value, "value"), n);
        return this;
    }

    /**
     * Writes the variable array {@code T x<max>}: a uint32 count, then each element through
     * {@code element}.
     *
     * @param <T> the element type
     * @param items the elements
     * @param max the declared bound on the count
     * @param element writes one element to this writer
     * @return this writer
     * @throws IllegalArgumentException if there are more than {@code max} elements
     */
    public <T> XdrWriter writeArray(List<T> items, int max, BiConsumer<XdrWriter, ? super T> element) {
        checkBound(max);
        if (items.size() > max) {
            throw new IllegalArgumentException("T<" + max + "> given " + items.size() + " elements");
        }
        Objects.requireNonNull(element, "element");
        out.writeInt(items.size());
        for (T item : items) {
            element.accept(this, item);
        }
        return this;
    }

    /**
     * Writes the fixed array {@code T x[n]}: exactly n elements, no count.
     *
     * @param <T> the element type
     * @param items exactly n elements
     * @param n the declared size
     * @param element writes one element to this writer
     * @return this writer
     * @throws IllegalArgumentException if there are not exactly n elements
     */
    public <T> XdrWriter writeFixedArray(List<T> items, int n, BiConsumer<XdrWriter, ? super T> element) {
        checkBound(n);
        if (items.size() != n) {
            throw new IllegalArgumentException("T[" + n + "] given " + items.size() + " elements");
        }
        Objects.requireNonNull(element, "element");
        for (T item : items) {
            element.accept(this, item);
        }
        return this;
    }

    /**
     * Writes {@code int32 x<max>} (a PR {@code idlist} or {@code prlist}): the count, then the
     * values.
     *
     * @param values the values
     * @param max the declared bound on the count
     * @return this writer
     * @throws IllegalArgumentException if there are more than {@code max} values
     */
    public XdrWriter writeInt32Array(int[] values, int max) {
        checkBound(max);
        if (values.length > max) {
            throw new IllegalArgumentException("int32<" + max + "> given " + values.length + " values");
        }
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
        return this;
    }

    /**
     * Writes an optional {@code T *p} inside a type: a {@code bool} that says whether a value
     * follows, then the value if it is not null.
     *
     * @param <T> the value type
     * @param value the value, or null for none
     * @param element writes the value to this writer
     * @return this writer
     */
    public <T> XdrWriter writeOptional(T value, BiConsumer<XdrWriter, ? super T> element) {
        Objects.requireNonNull(element, "element");
        out.writeInt(value != null ? 1 : 0);
        if (value != null) {
            element.accept(this, value);
        }
        return this;
    }

    /** @return the bytes this writer has written so far */
    public int size() {
        return out.writerIndex() - start;
    }

    /** @return a copy of the bytes this writer has written */
    public byte[] toByteArray() {
        return ByteBufUtil.getBytes(out, start, size());
    }

    private static void checkBound(int bound) {
        if (bound < 0) {
            throw new IllegalArgumentException("negative XDR bound: " + bound);
        }
    }
}
