package org.rxrpc4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AbortCodesTest {

    /** Constants that are not codes, or share their value with a preferred name. */
    private static final Set<String> NOT_NAMED = Set.of(
            "RXKAD_BASE", "RXGK_BASE", "PT_BASE", "VL_BASE", "RX_MSGSIZE", "VRESTARTING");

    @Test
    void everyConstantHasItsOwnName() throws IllegalAccessException {
        int checked = 0;
        for (Field f : AbortCodes.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers())
                    && !NOT_NAMED.contains(f.getName())) {
                assertThat(AbortCodes.name(f.getInt(null))).as(f.getName()).isEqualTo(f.getName());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void namesTheDocumentedValues() {
        assertThat(AbortCodes.name(-5)).isEqualTo("RX_PROTOCOL_ERROR");
        assertThat(AbortCodes.name(-8)).isEqualTo("RX_DEBUGI_BADTYPE");
        assertThat(AbortCodes.name(-100)).isEqualTo("RX_RESTARTING");
        assertThat(AbortCodes.name(-455)).isEqualTo("RXGEN_OPCODE");
        assertThat(AbortCodes.name(19270408)).isEqualTo("RXKADUNKNOWNKEY");
        assertThat(AbortCodes.name(19270412)).isEqualTo("RXKADILLEGALLEVEL");
        assertThat(AbortCodes.name(1233242880 + 10)).isEqualTo("RXGK_GSSERROR");
        assertThat(AbortCodes.name(110)).isEqualTo("VBUSY");
        assertThat(AbortCodes.name(113)).isEqualTo("VSALVAGING");
        assertThat(AbortCodes.name(267269)).isEqualTo("PRPERM");
        assertThat(AbortCodes.name(267282)).isEqualTo("PRNAMETOOLONG");
        assertThat(AbortCodes.name(363524)).isEqualTo("VL_NOENT");
        assertThat(AbortCodes.name(363552)).isEqualTo("VL_DBBAD");
    }

    @Test
    void unknownCodesHaveNoName() {
        for (int code : new int[] {0, 1, 2, -9, -99, -101, -449, -458, 100, 114, 267263, 267283,
                363519, 363553, 19270399, 19270413, 1233242879, 1233242891,
                Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertThat(AbortCodes.name(code)).as("code %d", code).isNull();
        }
    }

    @Test
    void comErrBasesMatchTheirTableNames() {
        assertThat(AbortCodes.RXKAD_BASE).isEqualTo(comErrBase("RXK"));
        assertThat(AbortCodes.RXGK_BASE).isEqualTo(comErrBase("RXGK"));
        assertThat(AbortCodes.PT_BASE).isEqualTo(comErrBase("PT"));
        assertThat(AbortCodes.VL_BASE).isEqualTo(comErrBase("VL"));
    }

    /** rx-protocol.md §5.10: each character maps through A-Z a-z 0-9 _ to 1..63. */
    private static int comErrBase(String table) {
        String set = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
        int n = 0;
        for (char c : table.toCharArray()) {
            n = (n << 6) + set.indexOf(c) + 1;
        }
        return n << 8;
    }
}
