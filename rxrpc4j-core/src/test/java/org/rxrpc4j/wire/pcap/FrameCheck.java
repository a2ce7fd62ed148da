package org.rxrpc4j.wire.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The comparisons for one frame: looks up what tshark showed (from {@link ExpectedValues}),
 * compares it with what our decoder produced, counts every assertion, and remembers which of
 * tshark's fields were compared so that the test can insist none was left out.
 */
final class FrameCheck {

    private final String capture;
    private final int frame;
    private final List<ExpectedValues.Field> fields;
    private final Map<ExpectedValues.Field, Boolean> consumed = new IdentityHashMap<>();
    private final LongAdder counter;

    FrameCheck(String capture, int frame, ExpectedValues expected, LongAdder counter) {
        this.capture = capture;
        this.frame = frame;
        this.fields = expected.fields(frame);
        this.counter = counter;
    }

    /** @return "capture frame N" for messages */
    String where() {
        return capture + " frame " + frame;
    }

    /** Counts one assertion made outside this class (a protocol-doc fact, a re-encode). */
    void counted() {
        counter.increment();
    }

    /** Counts {@code n} assertions made outside this class. */
    void counted(int n) {
        counter.add(n);
    }

    /** @return the tshark fields of that name not yet compared, in tshark's order */
    List<ExpectedValues.Field> remaining(String name) {
        List<ExpectedValues.Field> out = new ArrayList<>();
        for (ExpectedValues.Field f : fields) {
            if (f.name().equals(name) && !consumed.containsKey(f)) {
                out.add(f);
            }
        }
        return out;
    }

    /** @return whether tshark showed a field of that name at that offset */
    boolean has(String name, int offset) {
        return fields.stream().anyMatch(f -> f.name().equals(name) && f.offset() == offset);
    }

    private ExpectedValues.Field take(String name, int offset) {
        List<ExpectedValues.Field> found = fields.stream()
                .filter(f -> f.name().equals(name) && f.offset() == offset).toList();
        assertThat(found).as("%s: tshark field %s at offset %d", where(), name, offset)
                .hasSize(1);
        consumed.put(found.get(0), Boolean.TRUE);
        return found.get(0);
    }

    /** Asserts that tshark's field (raw value read unsigned) equals {@code actual}. */
    void number(String name, int offset, long actual) {
        ExpectedValues.Field f = take(name, offset);
        assertThat(actual).as("%s: %s (tshark shows %s)", where(), name, f.show())
                .isEqualTo(f.number());
        counter.increment();
    }

    /** Asserts an int field read as unsigned 32 bits. */
    void u32(String name, int offset, int actual) {
        number(name, offset, Integer.toUnsignedLong(actual));
    }

    /** Asserts a flag bit tshark shows (rx.flags.*) against our flags byte. */
    void bit(String name, int flags, int mask) {
        ExpectedValues.Field f = take(name, 21);
        assertThat((flags & mask) != 0 ? 1L : 0L).as("%s: %s", where(), name)
                .isEqualTo(f.number());
        counter.increment();
    }

    /** Asserts that tshark's field bytes equal {@code actual}. */
    void bytes(String name, int offset, byte[] actual) {
        ExpectedValues.Field f = take(name, offset);
        assertThat(HexFormat.of().formatHex(actual)).as("%s: %s", where(), name)
                .isEqualTo(f.value());
        counter.increment();
    }

    /** Asserts that every rx field tshark showed for the frame was compared. */
    void allRxFieldsCompared() {
        List<String> left = fields.stream()
                .filter(f -> f.name().startsWith("rx.") && !consumed.containsKey(f))
                .map(f -> f.name() + "@" + f.offset() + "=" + f.show()).toList();
        assertThat(left).as("%s: tshark fields no assertion compared", where()).isEmpty();
        counter.increment();
    }
}
