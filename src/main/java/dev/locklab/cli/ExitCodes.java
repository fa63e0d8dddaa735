package dev.locklab.cli;

/**
 * The exit codes of every locklab command (documented in the README). The verdict codes come from
 * {@link dev.locklab.checker.Verdict.Status#exitCode()}.
 */
public final class ExitCodes {
    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int UNKNOWN = 2;
    /** Bad command line or option value (BSD sysexits EX_USAGE). */
    public static final int USAGE = 64;
    /** Redis unreachable, or it refused the credentials (EX_UNAVAILABLE). */
    public static final int REDIS_UNAVAILABLE = 69;
    /** A bug or an unexpected failure of the lab itself (EX_SOFTWARE). */
    public static final int INTERNAL = 70;
    /** Interrupted by Ctrl-C / SIGTERM (128 + SIGINT). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
