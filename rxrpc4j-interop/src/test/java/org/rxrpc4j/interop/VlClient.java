package org.rxrpc4j.interop;

import java.io.IOException;
import java.util.List;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxRpc;
import org.rxrpc4j.XdrReader;
import org.rxrpc4j.XdrWriter;

/**
 * A minimal volume-location (VL, vldbint.xg) client over null security, for the interop tests:
 * the opcodes and layouts of rx-protocol.md §12.5.
 */
public final class VlClient extends RpcClient {

    static final int GET_ENTRY_BY_NAME_O = 504;
    static final int LIST_ATTRIBUTES = 511;
    static final int PROBE = 514;
    static final int GET_ADDRS = 515;
    static final int GET_ENTRY_BY_NAME_N = 519;
    static final int LIST_ATTRIBUTES_N = 522;

    /** {@code VL_MAXNAMELEN}: a VL name is char[65]. */
    public static final int MAX_NAME = 65;
    /** Size of an old {@code vldbentry} (8 server slots) on the wire. */
    public static final int VLDBENTRY_SIZE = 384;
    /** Size of an {@code nvldbentry} (13 server slots) on the wire. */
    public static final int NVLDBENTRY_SIZE = 476;
    /** Upper bound accepted for the entry and address arrays. */
    static final int MAX_ITEMS = 1 << 20;

    /**
     * The parts of a VLDB entry the tests look at.
     *
     * @param name the volume's name
     * @param nServers how many server slots are in use
     * @param volumeIds the RW, RO and backup volume IDs
     * @param flags the entry's flags (VLF_RWEXISTS, ...)
     */
    public record Entry(String name, int nServers, List<Integer> volumeIds, int flags) {

        /** Reads a vldbentry (slots = 8, with a spare word after the name) or nvldbentry (13). */
        static Entry read(XdrReader r, int slots) {
            String name = r.readCharString(MAX_NAME);
            if (slots == 8) {
                r.skip(4); // spares3 (volumeType in older releases)
            }
            int nServers = r.readInt32();
            r.skip(3 * slots * 4); // serverNumber, serverPartition, serverFlags
            List<Integer> ids = List.of(r.readInt32(), r.readInt32(), r.readInt32());
            r.skip(4); // cloneId
            int flags = r.readInt32();
            if (slots == 13) {
                r.skip(9 * 4); // matchindex, spares2..spares9
            }
            return new Entry(name, nServers, ids, flags);
        }
    }

    /**
     * The result of a ListAttributes call.
     *
     * @param nentries the count the server reported
     * @param entries the entries it sent
     */
    public record Listing(int nentries, List<Entry> entries) {
    }

    /**
     * The result of VL_GetAddrs.
     *
     * @param nentries the count the server reported
     * @param addresses the server table's addresses (IPv4 as big-endian ints, or multihomed
     *     markers {@code 0xff<<24 | index})
     */
    public record Addrs(int nentries, int[] addresses) {
    }

    /**
     * @param endpoint the local endpoint
     * @param cell the cell whose vlserver to call
     */
    public VlClient(RxEndpoint endpoint, OpenAfsCell cell) {
        super(endpoint, cell.vlserver(), cell.vlService());
    }

    /**
     * VL_Probe (514): no arguments, no results.
     *
     * @throws IOException if the call fails
     */
    public void probe() throws IOException {
        RxRpc.decode(call(RxRpc.request(PROBE, w -> { })), r -> null);
    }

    /**
     * VL_ListAttributes (511) or ListAttributesN (522) with a {@code VldbListByAttributes} whose
     * mask is 0: every volume.
     *
     * @param newFormat 522 with nvldbentry results instead of 511 with vldbentry
     * @return the server's count and entries
     * @throws IOException if the call fails
     */
    public Listing listAll(boolean newFormat) throws IOException {
        int op = newFormat ? LIST_ATTRIBUTES_N : LIST_ATTRIBUTES;
        int slots = newFormat ? 13 : 8;
        int size = newFormat ? NVLDBENTRY_SIZE : VLDBENTRY_SIZE;
        byte[] reply = call(RxRpc.request(op, VlClient::everyVolume));
        return RxRpc.decode(reply, r -> {
            int n = r.readInt32();
            return new Listing(n, r.readArray(MAX_ITEMS, size, x -> Entry.read(x, slots)));
        });
    }

    /** Writes a VldbListByAttributes that matches everything: Mask 0 and five zero fields. */
    private static void everyVolume(XdrWriter w) {
        for (int i = 0; i < 6; i++) {
            w.writeInt32(0);
        }
    }

    /**
     * VL_GetEntryByNameO (504) or GetEntryByNameN (519).
     *
     * @param name the volume's name or decimal ID
     * @param newFormat 519 (nvldbentry) instead of 504 (vldbentry)
     * @return the entry
     * @throws IOException if the call fails (abort VL_NOENT 363524 for an unknown volume)
     */
    public Entry entryByName(String name, boolean newFormat) throws IOException {
        int op = newFormat ? GET_ENTRY_BY_NAME_N : GET_ENTRY_BY_NAME_O;
        byte[] reply = call(RxRpc.request(op, w -> w.writeString(name, MAX_NAME)));
        return RxRpc.decode(reply, r -> Entry.read(r, newFormat ? 13 : 8));
    }

    /**
     * VL_GetAddrs (515): IN Handle, spare2; OUT VLCallBack spare3 (4 words), nentries,
     * bulkaddrs.
     *
     * @return the server table
     * @throws IOException if the call fails
     */
    public Addrs getAddrs() throws IOException {
        byte[] reply = call(RxRpc.request(GET_ADDRS, w -> w.writeInt32(0).writeInt32(0)));
        return RxRpc.decode(reply, r -> {
            r.skip(16);
            int n = r.readInt32();
            return new Addrs(n, r.readInt32Array(MAX_ITEMS));
        });
    }
}
