package org.rxrpc4j.interop.debug;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text rxdebug prints (and {@code rxrpc4j debug} reproduces) back into values:
 * the statistics counters, the per-type packet counts, and the connection and peer blocks.
 */
final class RxdebugText {

    private static final Pattern CONN = Pattern.compile(
            "Connection from host (\\S+), port (\\d+), (?:Cuid (\\p{XDigit}+)/(\\p{XDigit}+)|cid (\\p{XDigit}+))");
    private static final Pattern SERIAL = Pattern.compile("serial (\\d+), .*security index (\\d+), (server|client) conn");
    private static final Pattern CALL = Pattern.compile("    call (\\d): # (\\d+), state (.*)");
    private static final Pattern PEER = Pattern.compile("Peer at host (\\S+), port (\\d+)");

    private RxdebugText() {
    }

    /**
     * A connection block.
     *
     * @param host the peer's address
     * @param port the peer's port
     * @param cuid "epoch/cid" in hex
     * @param serial the last serial sent
     * @param securityIndex the security index
     * @param server whether it is a server connection
     * @param callNumbers the four channels' call numbers
     * @param states the four channels' state text
     * @param text the whole block
     */
    record Conn(String host, int port, String cuid, long serial, int securityIndex, boolean server,
            List<Long> callNumbers, List<String> states, String text) {}

    /**
     * A peer block.
     *
     * @param host the peer's address
     * @param port the peer's port
     * @param values every "name value" pair of the block, e.g. "packets sent" → 481
     * @param text the whole block
     */
    record Peer(String host, int port, Map<String, Long> values, String text) {}

    /** @return the number after {@code label} (e.g. "calls: "), or fails */
    static long number(String text, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + "(\\d+)").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no '" + label + "' in:\n" + text);
        }
        return Long.parseLong(m.group(1));
    }

    /** @return the "packets read:" or "packets sent:" line as type name → count (in line order) */
    static Map<String, Long> packetCounts(String text, String which) {
        Matcher m = Pattern.compile("   packets " + which + ": (.*)\\n").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no 'packets " + which + "' line in:\n" + text);
        }
        String[] t = m.group(1).trim().split(" ");
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < t.length; i += 2) {
            counts.merge(t[i], Long.parseLong(t[i + 1]), Long::sum);
        }
        return counts;
    }

    /** @return the connection blocks, in order */
    static List<Conn> conns(String text) {
        List<Conn> conns = new ArrayList<>();
        for (String block : blocks(text, "Connection from host ")) {
            Matcher h = CONN.matcher(block);
            Matcher s = SERIAL.matcher(block);
            if (!h.find() || !s.find()) {
                throw new AssertionError("unreadable connection block:\n" + block);
            }
            String cuid = h.group(3) != null ? h.group(3) + "/" + h.group(4) : "0/" + h.group(5);
            List<Long> numbers = new ArrayList<>();
            List<String> states = new ArrayList<>();
            Matcher c = CALL.matcher(block);
            while (c.find()) {
                numbers.add(Long.parseLong(c.group(2)));
                states.add(c.group(3));
            }
            conns.add(new Conn(h.group(1), Integer.parseInt(h.group(2)), cuid, Long.parseLong(s.group(1)),
                    Integer.parseInt(s.group(2)), s.group(3).equals("server"), numbers, states, block));
        }
        return conns;
    }

    /** @return the peer blocks, in order */
    static List<Peer> peers(String text) {
        List<Peer> peers = new ArrayList<>();
        Pattern pair = Pattern.compile("([a-zA-Z_/ ]+?) (\\d+)(?: msec)?");
        Pattern bytes = Pattern.compile("(bytes \\w+) high (\\d+) low (\\d+)");
        for (String block : blocks(text, "Peer at host ")) {
            Matcher h = PEER.matcher(block);
            if (!h.find()) {
                throw new AssertionError("unreadable peer block:\n" + block);
            }
            Map<String, Long> values = new LinkedHashMap<>();
            for (String line : block.substring(block.indexOf('\n') + 1).split("[\\n\\t,]")) {
                Matcher b = bytes.matcher(line.trim());
                Matcher m = pair.matcher(line.trim());
                if (b.matches()) {
                    values.put(b.group(1), (Long.parseLong(b.group(2)) << 32) + Long.parseLong(b.group(3)));
                } else if (m.matches()) {
                    values.put(m.group(1).trim(), Long.parseLong(m.group(2)));
                }
            }
            peers.add(new Peer(h.group(1), Integer.parseInt(h.group(2)), values, block));
        }
        return peers;
    }

    /** @return each block that starts with a line beginning with {@code start}, up to the next block or "Done." */
    private static List<String> blocks(String text, String start) {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : text.split("\n", -1)) {
            boolean isStart = line.startsWith("Connection from host ") || line.startsWith("Peer at host ");
            if (isStart || line.equals("Done.") || line.isEmpty()) {
                if (current != null) {
                    blocks.add(current.toString());
                    current = null;
                }
                if (line.startsWith(start)) {
                    current = new StringBuilder();
                }
            }
            if (current != null) {
                current.append(line).append('\n');
            }
        }
        return blocks;
    }
}
