package org.rxrpc4j.tools.call;

/** A classic hex dump: offset, 16 bytes in hex, the printable ones as text. */
final class HexDump {

    private HexDump() {
    }

    /**
     * @param bytes what to dump
     * @return the dump, one line per 16 bytes, each ending in a newline; "(0 bytes)" for none
     */
    static String format(byte[] bytes) {
        if (bytes.length == 0) {
            return "(0 bytes)\n";
        }
        StringBuilder sb = new StringBuilder(bytes.length * 4 + 16);
        for (int line = 0; line < bytes.length; line += 16) {
            sb.append(String.format("%08x ", line));
            for (int i = 0; i < 16; i++) {
                if (i == 8) {
                    sb.append(' ');
                }
                if (line + i < bytes.length) {
                    sb.append(String.format(" %02x", bytes[line + i] & 0xff));
                } else {
                    sb.append("   ");
                }
            }
            sb.append("  |");
            for (int i = 0; i < 16 && line + i < bytes.length; i++) {
                int b = bytes[line + i] & 0xff;
                sb.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            }
            sb.append("|\n");
        }
        return sb.toString();
    }
}
