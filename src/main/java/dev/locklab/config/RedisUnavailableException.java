package dev.locklab.config;

/** Redis cannot be reached or refuses our credentials: printed as one line, exit code 69. */
public class RedisUnavailableException extends RuntimeException {
    public RedisUnavailableException(String message) {
        super(message, null, false, false);
    }
}
