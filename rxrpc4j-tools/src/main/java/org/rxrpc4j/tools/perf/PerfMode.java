package org.rxrpc4j.tools.perf;

import java.util.Locale;

/**
 * The rxperf operations (rx-protocol.md §11.1), with their wire codes. The names are the ones
 * {@code rxperf client -c} takes.
 */
public enum PerfMode {
    /** The client sends {@code bytes}; the server answers with the cookie. */
    SEND(0),
    /** The client asks for {@code bytes}; the server sends them and the cookie. */
    RECV(1),
    /** The client sends {@code sendbytes} and gets {@code readbytes} and the cookie back. */
    RPC(3),
    /** A script of alternating transfers (OpenAFS rxperf only); the reply carries no cookie. */
    FILE(4);

    private final int code;

    PerfMode(int code) {
        this.code = code;
    }

    /** @return the operation code sent in the request header */
    public int code() {
        return code;
    }

    /** @return the lower-case name, as on the command line and in JSON */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return whether the reply ends with the 4-byte cookie */
    public boolean hasCookie() {
        return this != FILE;
    }

    /**
     * @param code an operation code from the wire
     * @return the mode, or null if the code names none
     */
    public static PerfMode ofCode(int code) {
        for (PerfMode m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        return null;
    }

    /**
     * @param name a mode name, in any case
     * @return the mode
     * @throws IllegalArgumentException if the name is not send, recv, rpc or file
     */
    public static PerfMode parse(String name) {
        for (PerfMode m : values()) {
            if (m.label().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + name + "' (send, recv, rpc or file)");
    }
}
