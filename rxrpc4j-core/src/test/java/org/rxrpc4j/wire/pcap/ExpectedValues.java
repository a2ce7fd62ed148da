package org.rxrpc4j.wire.pcap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values tshark shows for every frame of a capture, read from the committed test resource
 * {@code pcap-expected/<capture>.tsv} (made by {@code pcap-expected/generate.sh}; the format is
 * described in {@code pdml2tsv.py}).
 */
public final class ExpectedValues {

    /**
     * One field tshark showed.
     *
     * @param frame frame number
     * @param name tshark field name (e.g. {@code rx.serial})
     * @param offset offset in the UDP payload, or -1 for frame-level fields (ip.*, udp.*)
     * @param size size in bytes
     * @param value tshark's raw value in hex (or "0"/"1" for flag bits), "-" if none
     * @param show tshark's display form
     */
    public record Field(int frame, String name, int offset, int size, String value, String show) {

        /** @return the raw value as an unsigned number (fields of up to 8 bytes) */
        public long number() {
            if (value.length() > 16) {
                throw new IllegalStateException(name + " is not a number: " + value);
            }
            return Long.parseUnsignedLong(value, 16);
        }

        /** @return the raw value as bytes */
        public byte[] bytes() {
            return HexFormat.of().parseHex(value);
        }

        /** @return whether this is a sub-byte field (rx.flags.*) whose value is a single bit */
        public boolean isBit() {
            return name.startsWith("rx.flags.");
        }
    }

    private final String capture;
    private final String header;
    private final Map<Integer, List<Field>> byFrame;

    private ExpectedValues(String capture, String header, Map<Integer, List<Field>> byFrame) {
        this.capture = capture;
        this.header = header;
        this.byFrame = byFrame;
    }

    /** Loads {@code pcap-expected/<capture>.tsv} from the test class path. */
    public static ExpectedValues load(String capture) {
        String resource = "/pcap-expected/" + capture + ".tsv";
        try (InputStream is = ExpectedValues.class.getResourceAsStream(resource)) {
            if (is == null) {
                throw new AssertionError("missing test resource " + resource
                        + " (regenerate with pcap-expected/generate.sh)");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(is, StandardCharsets.UTF_8));
            StringBuilder header = new StringBuilder();
            Map<Integer, List<Field>> byFrame = new TreeMap<>();
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.startsWith("#")) {
                    header.append(line).append('\n');
                    continue;
                }
                if (line.isEmpty()) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                if (c.length != 6) {
                    throw new IllegalStateException(resource + ":" + lineNo + ": expected 6"
                            + " columns, got " + c.length);
                }
                Field f = new Field(Integer.parseInt(c[0]), c[1],
                        c[2].equals("-") ? -1 : Integer.parseInt(c[2]), Integer.parseInt(c[3]),
                        c[4], c[5]);
                byFrame.computeIfAbsent(f.frame(), k -> new ArrayList<>()).add(f);
            }
            return new ExpectedValues(capture, header.toString(), byFrame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the capture name */
    public String capture() {
        return capture;
    }

    /** @return the comment lines at the top of the file (tshark version, command) */
    public String header() {
        return header;
    }

    /** @return the frame numbers, ascending */
    public List<Integer> frames() {
        return List.copyOf(byFrame.keySet());
    }

    /** @return the fields of a frame in tshark's order (empty if the frame is unknown) */
    public List<Field> fields(int frame) {
        return Collections.unmodifiableList(byFrame.getOrDefault(frame, List.of()));
    }

    /** @return the fields of a frame with that name, in order */
    public List<Field> fields(int frame, String name) {
        return fields(frame).stream().filter(f -> f.name().equals(name)).toList();
    }

    /** @return the single field of that name (at that offset if offset >= 0) */
    public Field field(int frame, String name, int offset) {
        List<Field> found = fields(frame).stream()
                .filter(f -> f.name().equals(name) && (offset < 0 || f.offset() == offset))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError(capture + " frame " + frame + ": expected one " + name
                    + (offset >= 0 ? " at offset " + offset : "") + ", found " + found);
        }
        return found.get(0);
    }
}
