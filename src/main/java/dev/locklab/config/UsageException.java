package dev.locklab.config;

/** Bad input from the user: printed as one line, exit code 64. Never carries a stack trace to the user. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
