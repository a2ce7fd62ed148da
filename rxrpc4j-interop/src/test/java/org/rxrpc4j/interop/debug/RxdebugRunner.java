package org.rxrpc4j.interop.debug;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.rxrpc4j.tools.Main;

/**
 * Runs OpenAFS's {@code rxdebug} (under {@code timeout 30}) and our {@code rxrpc4j debug} (in
 * process) and finds what the interop tests need. A missing piece skips the test with a message
 * naming it, or fails it when {@code RXRPC4J_INTEROP=required}.
 */
final class RxdebugRunner {

    /** The bound {@code timeout(1)} puts on one rxdebug run, in seconds. */
    static final int RXDEBUG_TIMEOUT_S = 30;

    private RxdebugRunner() {
    }

    /** Skips (or, when interop is required, fails) with {@code why}. */
    static void missing(String why) {
        if ("required".equals(System.getenv("RXRPC4J_INTEROP"))) {
            Assertions.fail(why + " (RXRPC4J_INTEROP=required)");
        }
        Assumptions.abort(why);
    }

    /** @return the {@code rxdebug} program on the PATH; skips or fails the test without one */
    static Path rxdebug() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "rxdebug");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        missing("OpenAFS's rxdebug is not on the PATH (Debian package openafs-client)");
        throw new AssertionError("unreachable");
    }

    /**
     * @return the running cell's environment file ({@code OPENAFS_ENV_FILE}, as .ci/run sets it)
     *     as a map; skips or fails the test when there is none
     */
    static Map<String, String> cellEnv() throws IOException {
        String file = System.getenv("OPENAFS_ENV_FILE");
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            missing("no OpenAFS cell: OPENAFS_ENV_FILE does not name an env file of openafs-up.sh");
        }
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(Path.of(file))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return env;
    }

    /** @return what {@code rxdebug HOST PORT OPTIONS} printed; it must exit 0 */
    static String rxdebug(Path tool, String host, int port, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("timeout", "--kill-after=5", "" + RXDEBUG_TIMEOUT_S,
                tool.toString(), host, "" + port));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(RXDEBUG_TIMEOUT_S + 10, TimeUnit.SECONDS)).as("rxdebug ended").isTrue();
        String out = new String(bytes, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    /** @return what {@code rxrpc4j debug HOST PORT OPTIONS} printed; it must exit 0 with nothing on stderr */
    static String ours(String host, int port, String... options) {
        List<String> args = new ArrayList<>(List.of("debug", host, "" + port));
        args.addAll(List.of(options));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(status).as("rxrpc4j " + String.join(" ", args) + "\n" + out + err).isZero();
        assertThat(err.toString()).isEmpty();
        return out.toString();
    }
}
