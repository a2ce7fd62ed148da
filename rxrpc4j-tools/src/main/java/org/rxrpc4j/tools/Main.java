package org.rxrpc4j.tools;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.rxrpc4j.local.LocalEndpoint;
import org.rxrpc4j.tools.call.CallCommand;
import org.rxrpc4j.tools.debug.DebugCommand;
import org.rxrpc4j.tools.perf.PerfCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code rxrpc4j} command line ({@code bin/rxrpc4j}): {@code perf}, {@code debug} and
 * {@code call}. Errors end as one line on stderr and an exit status from {@link ExitCodes},
 * never as a stack trace.
 */
@Command(name = "rxrpc4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Rx tools on rxrpc4j, a pure-Java RxRPC stack.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is needed: " + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /**
     * Runs the command line with the given output streams.
     *
     * @param args the arguments
     * @param out where results go
     * @param err where progress and errors go
     * @return the exit status, one of {@link ExitCodes}
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            // one line: what is wrong, and where the usage is
            err.println(ex.getCommandLine().getCommandSpec().qualifiedName() + ": " + ex.getMessage()
                    + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + describe(ex));
            return ex instanceof ToolFailure f ? f.exitCode() : ExitCodes.FAILED;
        });
        return cl.execute(args);
    }

    /** @return the command line with every command registered */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand(new PerfCommand());
        cl.addSubcommand(new CallCommand());
        cl.addSubcommand(new DebugCommand());
        return cl;
    }

    private static String describe(Throwable ex) {
        if (ex instanceof ToolFailure) {
            return ex.getMessage();
        }
        String m = ex.getMessage();
        return ex.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** The version line of {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {LocalEndpoint.VERSION_STRING + " (Java " + Runtime.version() + ")"};
        }
    }
}
