package org.rxrpc4j;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Calling rxgen-defined RPCs by opcode (rx-protocol.md §12.2): a request is the opcode as an
 * {@code int32} followed by the IN and INOUT arguments in declaration order; a successful reply
 * is the OUT and INOUT arguments in declaration order, with no status word; a failing procedure
 * aborts the call with its error code instead of replying.
 *
 * <pre>{@code
 * // PR_NameToID(504): IN namelist (prname<>, prname = char[64]); OUT idlist (int32<>)
 * byte[] request = RxRpc.request(504, w -> w.writeArray(List.of("alice"), 5000,
 *         (x, name) -> x.writeCharString(name, 64)));
 * int[] ids = RxRpc.decode(reply, r -> r.readInt32Array(5000));
 * }</pre>
 */
public final class RxRpc {

    private RxRpc() {
    }

    /**
     * Builds the request of an rxgen RPC.
     *
     * @param opcode the procedure's opcode
     * @param args writes the IN and INOUT arguments in declaration order (may write nothing)
     * @return the request bytes: the opcode, then what {@code args} wrote
     * @throws IllegalArgumentException if {@code args} writes a value its type cannot hold
     */
    public static byte[] request(int opcode, Consumer<? super XdrWriter> args) {
        Objects.requireNonNull(args, "args");
        XdrWriter w = new XdrWriter(256);
        w.writeInt32(opcode);
        args.accept(w);
        return w.toByteArray();
    }

    /**
     * Decodes the whole reply of an rxgen RPC.
     *
     * @param <T> the result type
     * @param reply the reply bytes
     * @param result reads the OUT and INOUT arguments in declaration order
     * @return what {@code result} returned
     * @throws XdrException if the reply is malformed, including bytes left over after
     *     {@code result} returned (an RPC's reply has nothing after its last argument; a
     *     result function that means to ignore a tail calls {@link XdrReader#skip(int)} with
     *     {@link XdrReader#remaining()})
     */
    public static <T> T decode(byte[] reply, Function<? super XdrReader, ? extends T> result) {
        Objects.requireNonNull(result, "result");
        XdrReader r = new XdrReader(reply);
        T value = result.apply(r);
        r.expectEnd();
        return value;
    }
}
