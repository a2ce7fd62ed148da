package org.rxrpc4j.interop;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether the interop tests must run. With {@code RXRPC4J_INTEROP=required} (as in CI) a missing
 * prerequisite fails the test; otherwise it skips it.
 */
public final class Interop {

    /** The environment variable that makes missing prerequisites a failure. */
    public static final String MODE_VARIABLE = "RXRPC4J_INTEROP";

    private Interop() {
    }

    /** @return whether {@code RXRPC4J_INTEROP=required} */
    public static boolean required() {
        return "required".equalsIgnoreCase(System.getenv().getOrDefault(MODE_VARIABLE, "").strip());
    }

    /**
     * Stops the current test (or class) because a prerequisite is missing: a failure when the
     * tests are required, a skip otherwise.
     *
     * @param what names what is missing, for the report
     * @return never returns normally; declared so callers can write {@code throw missing(...)}
     */
    public static RuntimeException missing(String what) {
        String message = "interop prerequisite missing: " + what;
        if (required()) {
            Assertions.fail(message + " (" + MODE_VARIABLE + "=required)");
        }
        Assumptions.abort(message + " (set " + MODE_VARIABLE + "=required to fail instead)");
        throw new AssertionError("unreachable");
    }

    /**
     * Finds an executable on the {@code PATH}.
     *
     * @param program a program name without a directory
     * @return its path, or empty if no directory of the {@code PATH} has it
     */
    public static Optional<Path> findProgram(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
