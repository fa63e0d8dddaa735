package dev.locklab.history;

/**
 * Receives every operation as a worker records it (metrics subscribe here, so scenario code never
 * sees a meter). Called on the recording thread, synchronously; implementations must be fast,
 * thread-safe and must not throw.
 */
@FunctionalInterface
public interface OpListener {
    void onOp(Op op);
}
