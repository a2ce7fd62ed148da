package org.rxrpc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The environment file parser, without a cell. */
class OpenAfsCellTest {

    @Test
    void readsKeyValueLinesAndIgnoresCommentsAndBlanks(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cell.env");
        Files.writeString(f, String.join("\n", "# a comment", "", "OPENAFS_CONFIG=/tmp/c/etc",
                "OPENAFS_MODE=noauth", "OPENAFS_ADDR=127.0.0.1", "OPENAFS_PTSERVER_PORT=7002",
                "OPENAFS_PTSERVER_SERVICE=73", "OPENAFS_VLSERVER_PORT=7003", "OPENAFS_VLSERVER_SERVICE=52",
                "OPENAFS_AES_KEY=", "OPENAFS_CELL=test.local", "X=a=b", ""));
        OpenAfsCell c = OpenAfsCell.load(f);
        assertThat(c.configDir()).isEqualTo(Path.of("/tmp/c/etc"));
        assertThat(c.ptserver().getPort()).isEqualTo(7002);
        assertThat(c.ptService()).isEqualTo(73);
        assertThat(c.vlserver().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(c.vlService()).isEqualTo(52);
        assertThat(c.cellName()).isEqualTo("test.local");
        assertThat(c.get("OPENAFS_AES_KEY")).isEmpty();
        assertThat(c.get("X")).isEqualTo("a=b");
    }

    @Test
    void aMissingRequiredKeyIsNamed(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cell.env");
        Files.writeString(f, "OPENAFS_CONFIG=/tmp/c/etc\n");
        assertThatThrownBy(() -> OpenAfsCell.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OPENAFS_MODE");
    }
}
