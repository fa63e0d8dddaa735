package dev.locklab.cli;

import dev.locklab.config.RedisUnavailableException;
import dev.locklab.config.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code locklab}: the entry point. Every failure becomes one line on stderr and a documented exit
 * code ({@link ExitCodes}); a stack trace is printed only with {@code LOCKLAB_DEBUG=1}.
 */
@Command(name = "locklab", mixinStandardHelpOptions = true, version = "locklab 0.1.0",
        description = "The multiprocessing Lock/RLock lesson across JVM processes on a real Redis.",
        subcommands = {RunCommand.class, CompareCommand.class, CoordinatorCommand.class, WorkerCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:VALID: every checker passed", "1:INVALID: a checker found a violation (e.g. a stranded worker)",
                "2:UNKNOWN: an outcome could not be known", "64:usage error (bad option or value)",
                "69:Redis unreachable or refused the credentials", "70:internal error", "130:interrupted (Ctrl-C)"})
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        quietDefaults(args);
        Exit.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (never calls {@code System.exit}). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(Main::exitCode);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("locklab: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("locklab: " + message(ex));
            if ("1".equals(System.getenv("LOCKLAB_DEBUG"))) {
                ex.printStackTrace(c.getErr());
            }
            return exitCode(ex);
        });
        return cl.execute(args);
    }

    static int exitCode(Throwable t) {
        if (t instanceof UsageException) {
            return ExitCodes.USAGE;
        }
        if (t instanceof RedisUnavailableException) {
            return ExitCodes.REDIS_UNAVAILABLE;
        }
        if (t instanceof InterruptedException) {
            return ExitCodes.INTERRUPTED;
        }
        return ExitCodes.INTERNAL;
    }

    private static String message(Throwable t) {
        if (t instanceof UsageException || t instanceof RedisUnavailableException) {
            return t.getMessage();
        }
        if (t instanceof InterruptedException) {
            return "interrupted";
        }
        return "internal error: " + t + " (set LOCKLAB_DEBUG=1 for the stack trace)";
    }

    /** A learner's terminal shows the lesson, not INFO logs: quieter defaults for run/compare. */
    private static void quietDefaults(String[] args) {
        if (System.getenv("LOCKLAB_LOG_LEVEL") == null && System.getProperty("LOCKLAB_LOG_LEVEL") == null
                && args.length > 0 && (args[0].equals("run") || args[0].equals("compare"))) {
            System.setProperty("LOCKLAB_LOG_LEVEL", "WARN");
        }
    }
}
