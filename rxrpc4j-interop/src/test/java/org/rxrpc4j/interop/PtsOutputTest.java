package org.rxrpc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The parsers of pts output, on output of the shape pts 1.8.9 prints. */
class PtsOutputTest {

    @Test
    void parsesExamine() {
        PtsOutput.Examined e = PtsOutput.examine("Name: u7, id: 12, owner: system:administrators, creator: anonymous,\n"
                + "  membership: 0, flags: S----, group quota: 20.\n");
        assertThat(e).isEqualTo(new PtsOutput.Examined("u7", 12, "system:administrators", "anonymous"));
    }

    @Test
    void parsesListentriesSkippingTheHeader() {
        String out = "Name                          ID  Owner Creator\n"
                + "anonymous                  32766   -204    -204 \n"
                + "u7                            12   -204   32766 \n";
        assertThat(PtsOutput.listEntries(out)).containsExactly(new PtsOutput.Listed("anonymous", 32766, -204, -204),
                new PtsOutput.Listed("u7", 12, -204, 32766));
    }

    @Test
    void rejectsWhatItDoesNotUnderstand() {
        assertThatThrownBy(() -> PtsOutput.examine("pts: no such user")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PtsOutput.listEntries("a b c\n")).isInstanceOf(IllegalArgumentException.class);
    }
}
