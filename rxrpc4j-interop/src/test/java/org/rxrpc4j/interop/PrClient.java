package org.rxrpc4j.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxRpc;
import org.rxrpc4j.XdrReader;

/**
 * A minimal protection-server (PR, ptint.xg) client over null security, for the interop tests:
 * the opcodes and layouts of rx-protocol.md §12.4.
 */
public final class PrClient extends RpcClient {

    static final int INEW_ENTRY = 500;
    static final int NAME_TO_ID = 504;
    static final int ID_TO_NAME = 505;
    static final int DELETE = 506;
    static final int NEW_ENTRY = 509;
    static final int LIST_MAX = 510;
    static final int LIST_ENTRY = 512;
    static final int LIST_ENTRIES = 521;

    /** {@code PR_MAXNAMELEN}: a prname is char[64]. */
    public static final int MAX_NAME = 64;
    /** The bound of the variable arrays ({@code OPENAFS_MAXPRLIST}). */
    public static final int MAX_LIST = 500_000;
    /** The ID that unknown names map to. */
    public static final int ANONYMOUS_ID = 32766;
    /** {@code PRUSERS}: ListEntries flag for user entries. */
    public static final int PRUSERS = 0x1;
    /** {@code PRGROUPS}: ListEntries flag for group entries. */
    public static final int PRGROUPS = 0x2;

    /**
     * One {@code prcheckentry} / {@code prlistentries} (304 bytes on the wire).
     *
     * @param flags entry flags (PRGRP 2, ...)
     * @param id the user or group ID
     * @param owner the owner's ID
     * @param creator the creator's ID
     * @param ngroups groups this user may still create (group quota)
     * @param nusers foreign users
     * @param count members (of a group) or memberships (of a user)
     * @param name the entry's name
     */
    public record Entry(int flags, int id, int owner, int creator, int ngroups, int nusers, int count, String name) {

        static Entry read(XdrReader r) {
            int flags = r.readInt32();
            int id = r.readInt32();
            int owner = r.readInt32();
            int creator = r.readInt32();
            int ngroups = r.readInt32();
            int nusers = r.readInt32();
            int count = r.readInt32();
            r.skip(5 * 4); // reserved[5]
            return new Entry(flags, id, owner, creator, ngroups, nusers, count, r.readCharString(MAX_NAME));
        }
    }

    /**
     * @param endpoint the local endpoint
     * @param cell the cell whose ptserver to call
     */
    public PrClient(RxEndpoint endpoint, OpenAfsCell cell) {
        this(endpoint, cell.ptserver(), cell.ptService());
    }

    /**
     * @param endpoint the local endpoint
     * @param server the ptserver's address
     * @param serviceId its service ID (73)
     */
    public PrClient(RxEndpoint endpoint, InetSocketAddress server, int serviceId) {
        super(endpoint, server, serviceId);
    }

    /**
     * PR_NewEntry (509), what {@code pts createuser} uses when no ID is given.
     *
     * @param name the new entry's name
     * @param flag 0 for a user, PRGRP (2) for a group
     * @param owner the owner's ID (0: the caller)
     * @return the ID the server assigned
     * @throws IOException if the call fails (e.g. abort PREXIST 267264 for a taken name)
     */
    public int newEntry(String name, int flag, int owner) throws IOException {
        byte[] reply = call(RxRpc.request(NEW_ENTRY, w -> w.writeString(name, MAX_NAME).writeInt32(flag)
                .writeInt32(owner)));
        return RxRpc.decode(reply, XdrReader::readInt32);
    }

    /**
     * PR_NameToID (504).
     *
     * @param names the names
     * @return their IDs in the same order ({@link #ANONYMOUS_ID} for an unknown name)
     * @throws IOException if the call fails
     */
    public int[] nameToId(List<String> names) throws IOException {
        byte[] reply = call(RxRpc.request(NAME_TO_ID,
                w -> w.writeArray(names, MAX_LIST, (x, n) -> x.writeCharString(n, MAX_NAME))));
        return RxRpc.decode(reply, r -> r.readInt32Array(MAX_LIST));
    }

    /**
     * PR_IDToName (505).
     *
     * @param ids the IDs
     * @return their names in the same order (the decimal ID for an unknown one)
     * @throws IOException if the call fails
     */
    public List<String> idToName(int[] ids) throws IOException {
        byte[] reply = call(RxRpc.request(ID_TO_NAME, w -> w.writeInt32Array(ids, MAX_LIST)));
        return RxRpc.decode(reply, r -> r.readArray(MAX_LIST, x -> x.readCharString(MAX_NAME)));
    }

    /**
     * PR_Delete (506).
     *
     * @param id the entry to delete
     * @throws IOException if the call fails (abort PRNOENT 267268 for an unknown ID)
     */
    public void delete(int id) throws IOException {
        RxRpc.decode(call(RxRpc.request(DELETE, w -> w.writeInt32(id))), r -> null);
    }

    /**
     * PR_ListMax (510).
     *
     * @return the highest user ID and the lowest (most negative) group ID in use
     * @throws IOException if the call fails
     */
    public int[] listMax() throws IOException {
        byte[] reply = call(RxRpc.request(LIST_MAX, w -> { }));
        return RxRpc.decode(reply, r -> new int[] {r.readInt32(), r.readInt32()});
    }

    /**
     * PR_ListEntry (512).
     *
     * @param id the entry's ID
     * @return the entry
     * @throws IOException if the call fails (abort PRNOENT 267268 for an unknown ID)
     */
    public Entry listEntry(int id) throws IOException {
        return RxRpc.decode(call(RxRpc.request(LIST_ENTRY, w -> w.writeInt32(id))), Entry::read);
    }

    /**
     * PR_ListEntries (521), repeated from index 0 until the server's next start index is 0 or
     * -1 (the end).
     *
     * @param flags {@link #PRUSERS}, {@link #PRGROUPS} or both
     * @return every entry of those kinds, in the server's order
     * @throws IOException if a call fails
     */
    public List<Entry> listEntries(int flags) throws IOException {
        List<Entry> all = new ArrayList<>();
        int start = 0;
        for (int round = 0; round < 10_000; round++) {
            int from = start;
            byte[] reply = call(RxRpc.request(LIST_ENTRIES, w -> w.writeInt32(flags).writeInt32(from)));
            int next = RxRpc.decode(reply, r -> {
                all.addAll(r.readArray(MAX_LIST, 304, Entry::read));
                return r.readInt32();
            });
            if (next <= 0) {
                return all;
            }
            start = next;
        }
        throw new IOException("PR_ListEntries did not reach the end in 10000 rounds");
    }
}
