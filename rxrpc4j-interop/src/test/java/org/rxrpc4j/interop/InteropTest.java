package org.rxrpc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The program lookup behind the skip-or-fail decision. */
class InteropTest {

    @Test
    void findsProgramsOnThePathAndNotOthers() {
        assertThat(Interop.findProgram("sh")).isPresent();
        assertThat(Interop.findProgram("rxrpc4j-no-such-program")).isEmpty();
    }
}
