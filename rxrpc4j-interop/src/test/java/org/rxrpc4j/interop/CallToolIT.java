package org.rxrpc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rxrpc4j.RxEndpoint;
import org.rxrpc4j.RxNet;
import org.rxrpc4j.tools.ExitCodes;
import org.rxrpc4j.tools.Main;

/**
 * {@code rxrpc4j call} against the OpenAFS ptserver: a PR_NameToID (opcode 504) of a user made
 * for the test prints the ID the server gave it, as {@code pts examine} shows it; a PR_ListEntry
 * (opcode 512) of an ID nobody has prints the server's abort code and its name, and exits with
 * the abort status.
 */
@OpenAfs(programs = "pts")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CallToolIT {

    /** PRNOENT: "User or group doesn't exist". */
    static final int PRNOENT = 267268;

    record Run(int exit, String out, String err) {}

    static Run call(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void nameToIdPrintsTheIdPtsShows(OpenAfsCell cell) throws IOException {
        String name = "rxj4-call-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        try (RxNet net = RxNet.create()) {
            RxEndpoint ep = net.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            PrClient pr = new PrClient(ep, cell);
            int id = pr.newEntry(name, 0, 0);
            try {
                String target = "127.0.0.1:" + cell.ptserver().getPort();
                Run r = call("call", target, String.valueOf(cell.ptService()),
                        "--xdr", "int32:504 int32:1 char64:" + name, "--decode", "int32[]", "--timeout", "10");
                assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
                assertThat(r.out().strip()).isEqualTo("int32[1]: " + id);

                CliTool.Result pts = CliTool.pts(cell, "examine", name);
                assertThat(pts.exitCode()).as(pts.describe()).isZero();
                assertThat(pts.stdout()).contains("Name: " + name + ", id: " + id + ",");
            } finally {
                pr.delete(id);
            }
        }
    }

    @Test
    void anAbortPrintsItsCodeAndExitsWithTheAbortStatus(OpenAfsCell cell) {
        String target = "127.0.0.1:" + cell.ptserver().getPort();
        Run r = call("call", target, String.valueOf(cell.ptService()), "--xdr", "int32:512 int32:999999",
                "--timeout", "10");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.ABORTED);
        assertThat(r.err().strip()).isEqualTo("rxrpc4j call: the peer aborted the call with code " + PRNOENT + " (PRNOENT)");
        assertThat(r.out()).isEmpty();
    }
}
