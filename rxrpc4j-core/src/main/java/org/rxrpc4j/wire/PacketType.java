package org.rxrpc4j.wire;

/** Rx packet types: the header byte at offset 20 (rx-protocol.md §2.1). */
public enum PacketType {
    DATA(1),
    ACK(2),
    BUSY(3),
    ABORT(4),
    ACKALL(5),
    CHALLENGE(6),
    RESPONSE(7),
    DEBUG(8),
    /** Reserved ("exchange size params"); nobody sends it and receivers ignore it. */
    PARAMS(9),
    /** Reserved (PARAMS + 1). */
    PARAMS_2(10),
    /** Reserved (PARAMS + 2). */
    PARAMS_3(11),
    VERSION(13);

    private static final PacketType[] BY_CODE = new PacketType[14];

    static {
        for (PacketType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    PacketType(int code) {
        this.code = code;
    }

    /** @return the wire value of this type */
    public int code() {
        return code;
    }

    /**
     * @param code the wire value (0..255)
     * @return the type, or {@code null} if the value names none
     */
    public static PacketType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
