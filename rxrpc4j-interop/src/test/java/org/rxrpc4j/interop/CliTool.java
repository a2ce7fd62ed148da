package org.rxrpc4j.interop;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an OpenAFS command-line program under coreutils' {@code timeout}, so that a server that
 * does not answer cannot hang a test, and captures what it printed.
 */
public final class CliTool {

    /** The default bound on one run. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The exit status of {@code timeout} when it had to stop the program. */
    public static final int TIMED_OUT = 124;

    /**
     * What a run produced.
     *
     * @param command the command line that ran (without the {@code timeout} wrapper)
     * @param exitCode the exit status; {@link #TIMED_OUT} if the time ran out
     * @param stdout standard output
     * @param stderr standard error
     */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        /** @return the standard output, split into lines */
        public List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        /** @return a description for assertion messages */
        public String describe() {
            return String.join(" ", command) + " -> exit " + exitCode + "\n--- stdout\n" + stdout
                    + "--- stderr\n" + stderr;
        }
    }

    private CliTool() {
    }

    /**
     * Runs a program with a bound on its running time.
     *
     * @param timeout how long it may run before it is stopped (SIGTERM, then SIGKILL 5 s later)
     * @param command the program and its arguments
     * @return what it printed and its exit status
     * @throws IOException if it cannot be started
     */
    public static Result run(Duration timeout, List<String> command) throws IOException {
        long seconds = Math.max(1, timeout.toSeconds());
        List<String> argv = new ArrayList<>(List.of("timeout", "--kill-after=5", Long.toString(seconds)));
        argv.addAll(command);
        Path out = Files.createTempFile("rxrpc4j-cli", ".out");
        Path err = Files.createTempFile("rxrpc4j-cli", ".err");
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                if (!p.waitFor(seconds + 10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                    throw new IOException("timeout(1) did not stop " + command + " in time");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while running " + command);
            }
            return new Result(List.copyOf(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Runs {@code pts ARGS -config CONFIG -noauth} against the cell.
     *
     * @param cell the cell
     * @param args the subcommand and its arguments
     * @return what pts printed and its exit status
     * @throws IOException if pts cannot be started
     */
    public static Result pts(OpenAfsCell cell, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("pts"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-config", cell.configDir().toString(), "-noauth"));
        return run(DEFAULT_TIMEOUT, cmd);
    }

    /**
     * Runs {@code vos ARGS -noresolve -config CONFIG -noauth} against the cell.
     *
     * @param cell the cell
     * @param args the subcommand and its arguments
     * @return what vos printed and its exit status
     * @throws IOException if vos cannot be started
     */
    public static Result vos(OpenAfsCell cell, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("vos"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-noresolve", "-config", cell.configDir().toString(), "-noauth"));
        return run(DEFAULT_TIMEOUT, cmd);
    }
}
