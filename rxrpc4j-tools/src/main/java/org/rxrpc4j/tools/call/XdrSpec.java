package org.rxrpc4j.tools.call;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.rxrpc4j.XdrReader;
import org.rxrpc4j.XdrWriter;

/**
 * XDR values written as text, for ad-hoc calls: a request as {@code TYPE:VALUE} items
 * ({@code int32:504 int32:1 char64:alice}) and a reply layout as bare types
 * ({@code int32[] string}).
 *
 * <p>Scalar types: {@code int32}, {@code uint32}, {@code int64}, {@code bool},
 * {@code string} (counted), {@code opaque} (counted bytes, value in hex), {@code fixedN}
 * (N bytes, value in hex), {@code charN} (rxgen's {@code char x[N]} holding a C string, such as
 * a PR {@code prname}: one 4-byte word per char). {@code T[]} is a counted array of T: values comma-separated in a request
 * ({@code int32[]:1,2,3}), and in a reply the count followed by that many T. A value may be
 * double-quoted to hold spaces ({@code string:"a b"}).
 */
public final class XdrSpec {

    /** Upper bound for counted strings, opaques and arrays read from a reply. */
    static final int MAX_COUNT = 1 << 20;

    private XdrSpec() {
    }

    /**
     * Encodes a request.
     *
     * @param spec items such as {@code int32:504 string:alice}
     * @return the XDR bytes
     * @throws IllegalArgumentException naming the item that is wrong
     */
    public static byte[] encode(String spec) {
        XdrWriter w = new XdrWriter(256);
        for (String item : tokens(spec)) {
            int colon = item.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("XDR item '" + item + "' needs TYPE:VALUE");
            }
            String type = item.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = unquote(item.substring(colon + 1));
            try {
                if (type.endsWith("[]")) {
                    String element = type.substring(0, type.length() - 2);
                    String[] values = value.isEmpty() ? new String[0] : value.split(",", -1);
                    w.writeInt32(values.length);
                    for (String v : values) {
                        writeScalar(w, element, v);
                    }
                } else {
                    writeScalar(w, type, value);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("XDR item '" + item + "': " + e.getMessage(), e);
            }
        }
        return w.toByteArray();
    }

    /**
     * Decodes a reply by a layout and renders it one value per line ({@code int32: 5},
     * {@code int32[2]: 1 2}); bytes left over are reported as a last line.
     *
     * @param layout types such as {@code int32[] string}
     * @param reply the reply bytes
     * @return the rendered lines
     * @throws IllegalArgumentException if the layout names an unknown type
     * @throws org.rxrpc4j.XdrException if the reply is shorter than the layout or malformed
     */
    public static List<String> decode(String layout, byte[] reply) {
        XdrReader r = new XdrReader(reply);
        List<String> lines = new ArrayList<>();
        for (String raw : tokens(layout)) {
            String type = raw.toLowerCase(Locale.ROOT);
            if (type.endsWith("[]")) {
                String element = type.substring(0, type.length() - 2);
                checkType(element);
                int n = r.readInt32();
                // every XDR item takes at least 4 bytes
                if (n < 0 || n > MAX_COUNT || (long) n * 4 > r.remaining()) {
                    throw new IllegalArgumentException("array count " + n + " of " + raw
                            + " does not fit the " + r.remaining() + " bytes left");
                }
                StringBuilder sb = new StringBuilder(element).append('[').append(n).append("]:");
                for (int i = 0; i < n; i++) {
                    sb.append(' ').append(readScalar(r, element));
                }
                lines.add(sb.toString());
            } else {
                checkType(type);
                lines.add(type + ": " + readScalar(r, type));
            }
        }
        if (r.remaining() > 0) {
            lines.add("(" + r.remaining() + " more bytes not decoded)");
        }
        return lines;
    }

    private static void writeScalar(XdrWriter w, String type, String value) {
        switch (type) {
            case "int32" -> w.writeInt32(parseLong(value, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue());
            case "uint32" -> w.writeUint32(parseLong(value, 0, 0xffffffffL));
            case "int64" -> w.writeInt64(parseLong(value, Long.MIN_VALUE, Long.MAX_VALUE));
            case "bool" -> w.writeBool(parseBool(value));
            case "string" -> w.writeString(value, Integer.MAX_VALUE);
            case "opaque" -> w.writeOpaque(hex(value), Integer.MAX_VALUE);
            default -> {
                if (type.startsWith("fixed")) {
                    int n = size(type, "fixed");
                    byte[] b = hex(value);
                    if (b.length > n) {
                        throw new IllegalArgumentException(b.length + " bytes do not fit fixed" + n);
                    }
                    w.writeFixedOpaque(java.util.Arrays.copyOf(b, n), n);
                } else if (type.startsWith("char")) {
                    int n = size(type, "char");
                    // the writer checks the length (n-1 chars and a NUL) and the charset
                    w.writeCharString(value, n);
                } else {
                    throw unknownType(type);
                }
            }
        }
    }

    private static String readScalar(XdrReader r, String type) {
        switch (type) {
            case "int32":
                return Integer.toString(r.readInt32());
            case "uint32":
                return Long.toString(r.readUint32());
            case "int64":
                return Long.toString(r.readInt64());
            case "bool":
                return Boolean.toString(r.readBool());
            case "string":
                return '"' + r.readString(MAX_COUNT) + '"';
            case "opaque":
                return HexFormat.of().formatHex(r.readOpaque(MAX_COUNT));
            default:
                if (type.startsWith("fixed")) {
                    return HexFormat.of().formatHex(r.readFixedOpaque(size(type, "fixed")));
                }
                if (type.startsWith("char")) {
                    return '"' + r.readCharString(size(type, "char")) + '"';
                }
                throw unknownType(type);
        }
    }

    private static void checkType(String type) {
        switch (type) {
            case "int32", "uint32", "int64", "bool", "string", "opaque" -> { }
            default -> {
                if (type.startsWith("fixed")) {
                    size(type, "fixed");
                } else if (type.startsWith("char")) {
                    size(type, "char");
                } else {
                    throw unknownType(type);
                }
            }
        }
    }

    private static int size(String type, String prefix) {
        String digits = type.substring(prefix.length());
        try {
            int n = Integer.parseInt(digits);
            if (n > 0 && n <= 65536) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + type + "' needs a size 1..65536, as in " + prefix + "64");
    }

    private static IllegalArgumentException unknownType(String type) {
        return new IllegalArgumentException("unknown XDR type '" + type
                + "' (known: int32 uint32 int64 bool string opaque fixedN charN, and T[])");
    }

    private static Long parseLong(String value, long min, long max) {
        long v;
        try {
            v = value.startsWith("0x") || value.startsWith("0X")
                    ? Long.parseUnsignedLong(value.substring(2), 16)
                    : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(value + " is out of range " + min + ".." + max);
        }
        return v;
    }

    private static boolean parseBool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException("'" + value + "' is not true or false");
        };
    }

    static byte[] hex(String value) {
        String digits = value.replace(" ", "").replace(":", "");
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not an even number of hex digits");
        }
    }

    /** Splits on whitespace outside double quotes. */
    static List<String> tokens(String spec) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (Character.isWhitespace(c) && !quoted) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote in '" + spec + "'");
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
