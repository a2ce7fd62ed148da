package org.rxrpc4j.wire;

/**
 * Abort codes seen in ABORT packets (rx-protocol.md §5.6-5.10, §12.4, §12.5).
 *
 * <p>The code space is shared: Rx itself uses small negative numbers, rxgen -450..-457, the
 * volume package small positive numbers and each com_err table (rxkad, rxgk, PT, VL) a block
 * starting at {@code base(tableName)}. Codes are plain {@code int}s, not an enum, because an
 * ABORT may carry any value and must be passed on unchanged.
 */
public final class AbortCodes {

    // Rx (§5.6)
    /** The peer stopped responding, or the call was superseded. */
    public static final int RX_CALL_DEAD = -1;
    /** Unknown service, unsupported security index, or API misuse. */
    public static final int RX_INVALID_OPERATION = -2;
    /** A call timeout expired. */
    public static final int RX_CALL_TIMEOUT = -3;
    /** Unexpected end of data on read. */
    public static final int RX_EOF = -4;
    /** Malformed or unexpected packet. */
    public static final int RX_PROTOCOL_ERROR = -5;
    /** Generic abort by the application. */
    public static final int RX_USER_ABORT = -6;
    /** Local UDP port already in use (local only, never on the wire). */
    public static final int RX_ADDRINUSE = -7;
    /** Unknown debug request type (in a DEBUG reply, not an ABORT). */
    public static final int RX_DEBUGI_BADTYPE = -8;
    /** OpenAFS local "message too large"; the same value as {@link #RX_DEBUGI_BADTYPE}. */
    public static final int RX_MSGSIZE = -8;
    /** The server is shutting down or restarting. */
    public static final int RX_RESTARTING = -100;

    // rxgen (§5.7)
    /** Client could not encode the arguments. */
    public static final int RXGEN_CC_MARSHAL = -450;
    /** Client could not decode the results. */
    public static final int RXGEN_CC_UNMARSHAL = -451;
    /** Server could not encode the results. */
    public static final int RXGEN_SS_MARSHAL = -452;
    /** Server could not decode the arguments. */
    public static final int RXGEN_SS_UNMARSHAL = -453;
    /** Server could not decode the opcode. */
    public static final int RXGEN_DECODE = -454;
    /** Unknown opcode. */
    public static final int RXGEN_OPCODE = -455;
    /** Server could not free XDR data. */
    public static final int RXGEN_SS_XDRFREE = -456;
    /** Client could not free XDR data. */
    public static final int RXGEN_CC_XDRFREE = -457;

    // rxkad, com_err table "RXK" (§5.8)
    /** Base of the rxkad table. */
    public static final int RXKAD_BASE = 19270400;
    /** Security module inconsistent (also: securityIndex differs from the connection's). */
    public static final int RXKADINCONSISTENCY = RXKAD_BASE;
    /** Packet too short for the security challenge/response. */
    public static final int RXKADPACKETSHORT = RXKAD_BASE + 1;
    /** Security level negotiation failed. */
    public static final int RXKADLEVELFAIL = RXKAD_BASE + 2;
    /** Ticket length too short or too long. */
    public static final int RXKADTICKETLEN = RXKAD_BASE + 3;
    /** Bad sequence (wrong challenge nonce or call numbers). */
    public static final int RXKADOUTOFSEQUENCE = RXKAD_BASE + 4;
    /** Caller not authorised. */
    public static final int RXKADNOAUTH = RXKAD_BASE + 5;
    /** Illegal key. */
    public static final int RXKADBADKEY = RXKAD_BASE + 6;
    /** Bad ticket. */
    public static final int RXKADBADTICKET = RXKAD_BASE + 7;
    /** Unknown key version number, or no key available. */
    public static final int RXKADUNKNOWNKEY = RXKAD_BASE + 8;
    /** Ticket expired. */
    public static final int RXKADEXPIRED = RXKAD_BASE + 9;
    /** Sealed data inconsistent. */
    public static final int RXKADSEALEDINCON = RXKAD_BASE + 10;
    /** User data too long. */
    public static final int RXKADDATALEN = RXKAD_BASE + 11;
    /** Caller not authorised to use encrypted connections. */
    public static final int RXKADILLEGALLEVEL = RXKAD_BASE + 12;

    // rxgk, com_err table "RXGK" (§5.9). The constants follow the revised (kernel, AuriStor)
    // numbering; OpenAFS's original table diverges from offset 3 on.
    /** Base of the rxgk table. */
    public static final int RXGK_BASE = 1233242880;
    /** rxgk: security module inconsistent. */
    public static final int RXGK_INCONSISTENCY = RXGK_BASE;
    /** rxgk: packet too short. */
    public static final int RXGK_PACKETSHORT = RXGK_BASE + 1;
    /** rxgk: bad challenge. */
    public static final int RXGK_BADCHALLENGE = RXGK_BASE + 2;
    /** rxgk (revised numbering): sealed data inconsistent. */
    public static final int RXGK_SEALEDINCON = RXGK_BASE + 3;
    /** rxgk (revised numbering): not authorised. */
    public static final int RXGK_NOTAUTH = RXGK_BASE + 4;
    /** rxgk (revised numbering): expired. */
    public static final int RXGK_EXPIRED = RXGK_BASE + 5;
    /** rxgk (revised numbering): bad level. */
    public static final int RXGK_BADLEVEL = RXGK_BASE + 6;
    /** rxgk (revised numbering): bad key number. */
    public static final int RXGK_BADKEYNO = RXGK_BASE + 7;
    /** rxgk (revised numbering): not rxgk. */
    public static final int RXGK_NOTRXGK = RXGK_BASE + 8;
    /** rxgk (revised numbering): unsupported. */
    public static final int RXGK_UNSUPPORTED = RXGK_BASE + 9;
    /** rxgk (revised numbering): GSS error. */
    public static final int RXGK_GSSERROR = RXGK_BASE + 10;

    // Volume codes (§5.10)
    /** Volume needs salvage. */
    public static final int VSALVAGE = 101;
    /** Bad vnode. */
    public static final int VNOVNODE = 102;
    /** No such volume. */
    public static final int VNOVOL = 103;
    /** Volume already exists. */
    public static final int VVOLEXISTS = 104;
    /** Volume not in service. */
    public static final int VNOSERVICE = 105;
    /** Volume offline. */
    public static final int VOFFLINE = 106;
    /** Volume already online. */
    public static final int VONLINE = 107;
    /** Partition full. */
    public static final int VDISKFULL = 108;
    /** Over quota. */
    public static final int VOVERQUOTA = 109;
    /** Volume busy (also the fileserver's busy-threshold abort). */
    public static final int VBUSY = 110;
    /** Volume moved. */
    public static final int VMOVED = 111;
    /** Vnode temporarily inaccessible. */
    public static final int VIO = 112;
    /** Volume being salvaged. */
    public static final int VSALVAGING = 113;
    /** Server restarting; the same value as {@link #RX_RESTARTING}. */
    public static final int VRESTARTING = -100;

    // Protection server, com_err table "PT" (§12.4)
    /** Base of the PT table. */
    public static final int PT_BASE = 267264;
    /** PT: no such entry. */
    public static final int PRNOENT = PT_BASE + 4;
    /** PT: permission denied. */
    public static final int PRPERM = PT_BASE + 5;

    // Volume location server, com_err table "VL" (§12.5)
    /** Base of the VL table. */
    public static final int VL_BASE = 363520;
    /** VL: no such entry. */
    public static final int VL_NOENT = VL_BASE + 4;

    private static final String[] RX_NAMES = {
        "RX_CALL_DEAD", "RX_INVALID_OPERATION", "RX_CALL_TIMEOUT", "RX_EOF", "RX_PROTOCOL_ERROR",
        "RX_USER_ABORT", "RX_ADDRINUSE", "RX_DEBUGI_BADTYPE",
    };
    private static final String[] RXGEN_NAMES = {
        "RXGEN_CC_MARSHAL", "RXGEN_CC_UNMARSHAL", "RXGEN_SS_MARSHAL", "RXGEN_SS_UNMARSHAL",
        "RXGEN_DECODE", "RXGEN_OPCODE", "RXGEN_SS_XDRFREE", "RXGEN_CC_XDRFREE",
    };
    private static final String[] RXKAD_NAMES = {
        "RXKADINCONSISTENCY", "RXKADPACKETSHORT", "RXKADLEVELFAIL", "RXKADTICKETLEN",
        "RXKADOUTOFSEQUENCE", "RXKADNOAUTH", "RXKADBADKEY", "RXKADBADTICKET", "RXKADUNKNOWNKEY",
        "RXKADEXPIRED", "RXKADSEALEDINCON", "RXKADDATALEN", "RXKADILLEGALLEVEL",
    };
    private static final String[] RXGK_NAMES = {
        "RXGK_INCONSISTENCY", "RXGK_PACKETSHORT", "RXGK_BADCHALLENGE", "RXGK_SEALEDINCON",
        "RXGK_NOTAUTH", "RXGK_EXPIRED", "RXGK_BADLEVEL", "RXGK_BADKEYNO", "RXGK_NOTRXGK",
        "RXGK_UNSUPPORTED", "RXGK_GSSERROR",
    };
    private static final String[] V_NAMES = {
        "VSALVAGE", "VNOVNODE", "VNOVOL", "VVOLEXISTS", "VNOSERVICE", "VOFFLINE", "VONLINE",
        "VDISKFULL", "VOVERQUOTA", "VBUSY", "VMOVED", "VIO", "VSALVAGING",
    };
    private static final String[] PT_NAMES = {
        "PREXIST", "PRIDEXIST", "PRNOIDS", "PRDBFAIL", "PRNOENT", "PRPERM", "PRNOTGROUP",
        "PRNOTUSER", "PRBADNAM", "PRBADARG", "PRNOMORE", "PRDBBAD", "PRGROUPEMPTY",
        "PRINCONSISTENT", "PRDBADDR", "PRTOOMANY", "PRNOMEM", "PRINTERNAL", "PRNAMETOOLONG",
    };
    private static final String[] VL_NAMES = {
        "VL_IDEXIST", "VL_IO", "VL_NAMEEXIST", "VL_CREATEFAIL", "VL_NOENT", "VL_EMPTY",
        "VL_ENTDELETED", "VL_BADNAME", "VL_BADINDEX", "VL_BADVOLTYPE", "VL_BADSERVER",
        "VL_BADPARTITION", "VL_REPSFULL", "VL_NOREPSERVER", "VL_DUPREPSERVER", "VL_RWNOTFOUND",
        "VL_BADREFCOUNT", "VL_SIZEEXCEEDED", "VL_BADENTRY", "VL_BADVOLIDBUMP",
        "VL_IDALREADYHASHED", "VL_ENTRYLOCKED", "VL_BADVOLOPER", "VL_BADRELLOCKTYPE",
        "VL_RERELEASE", "VL_BADSERVERFLAG", "VL_PERM", "VL_NOMEM", "VL_BADVERSION",
        "VL_INDEXERANGE", "VL_MULTIPADDR", "VL_BADMASK", "VL_DBBAD",
    };

    private AbortCodes() {}

    /**
     * The symbolic name of an abort code. Where two names share a value the Rx one wins
     * ({@code RX_DEBUGI_BADTYPE} over {@code RX_MSGSIZE}, {@code RX_RESTARTING} over
     * {@code VRESTARTING}); rxgk codes are named in the revised numbering.
     *
     * @param code an abort code
     * @return its name, or {@code null} if the code is in none of the known tables
     */
    public static String name(int code) {
        if (code == RX_RESTARTING) {
            return "RX_RESTARTING";
        }
        String n = lookup(RX_NAMES, -RX_CALL_DEAD, -code);
        if (n == null) {
            n = lookup(RXGEN_NAMES, -RXGEN_CC_MARSHAL, -code);
        }
        if (n == null) {
            n = lookup(V_NAMES, VSALVAGE, code);
        }
        if (n == null) {
            n = lookup(PT_NAMES, PT_BASE, code);
        }
        if (n == null) {
            n = lookup(VL_NAMES, VL_BASE, code);
        }
        if (n == null) {
            n = lookup(RXKAD_NAMES, RXKAD_BASE, code);
        }
        if (n == null) {
            n = lookup(RXGK_NAMES, RXGK_BASE, code);
        }
        return n;
    }

    private static String lookup(String[] table, int base, int code) {
        // long arithmetic so that codes near Integer.MIN_VALUE cannot wrap into a table
        long index = (long) code - base;
        return index >= 0 && index < table.length ? table[(int) index] : null;
    }
}
