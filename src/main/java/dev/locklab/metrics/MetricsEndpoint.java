package dev.locklab.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Everything a lab process needs for metrics, in one object: the registry ({@link LabMetrics}), its
 * HTTP endpoint ({@link MetricsServer}) and the runtime hook ({@link LabInstrumentation}).
 * <pre>{@code
 * try (MetricsEndpoint m = MetricsEndpoint.start(port)) {      // port > 0; 0 = ephemeral
 *     new WorkerRuntime(world, name, m.instrumentation(), out, join) ...;
 *     m.linger(LabMetrics.DEFAULT_LINGER);                      // short-lived processes only
 * }
 * }</pre>
 * Thread safety: any thread; {@link #close()} is idempotent (safe from a shutdown hook).
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final LabMetrics metrics;
    private final MetricsServer server;
    private final LabInstrumentation instrumentation;

    private MetricsEndpoint(LabMetrics metrics, MetricsServer server) {
        this.metrics = metrics;
        this.server = server;
        this.instrumentation = new LabInstrumentation(metrics);
    }

    /** Serves on every interface at {@code port} (containers: 9400). */
    public static MetricsEndpoint start(int port) throws IOException {
        return start(new InetSocketAddress(port));
    }

    /** Serves on the given address, e.g. {@code new InetSocketAddress("127.0.0.1", port)} for local runs. */
    public static MetricsEndpoint start(InetSocketAddress address) throws IOException {
        LabMetrics m = LabMetrics.create();
        try {
            return new MetricsEndpoint(m, MetricsServer.start(m, address));
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    public LabMetrics metrics() {
        return metrics;
    }

    public LabInstrumentation instrumentation() {
        return instrumentation;
    }

    public int port() {
        return server.port();
    }

    /** See {@link LabMetrics#linger(Duration)}; restores the interrupt flag instead of throwing. */
    public boolean linger(Duration max) {
        try {
            return metrics.linger(max);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the endpoint and closes the registry; idempotent. */
    @Override
    public synchronized void close() {
        server.stop();
        metrics.close();
    }
}
