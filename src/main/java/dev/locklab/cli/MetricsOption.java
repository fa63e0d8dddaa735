package dev.locklab.cli;

import dev.locklab.config.UsageException;
import dev.locklab.coord.Instrumentation;
import dev.locklab.metrics.MetricsEndpoint;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;

/** {@code --metrics-port P} (default {@code $LOCKLAB_METRICS_PORT}; 0 or unset = no endpoint). */
final class MetricsOption {
    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "${env:LOCKLAB_METRICS_PORT:-0}",
            description = "serve Prometheus metrics on /metrics at this port; 0 = off (default: $LOCKLAB_METRICS_PORT, else 0)")
    int port;

    boolean enabled() {
        return port > 0;
    }

    /**
     * Starts the endpoint, or returns {@code null} when metrics are off.
     *
     * @param loopbackOnly bind 127.0.0.1 (a lab on a laptop) rather than every interface (containers)
     */
    MetricsEndpoint start(boolean loopbackOnly) {
        if (port < 0 || port > 65535) {
            throw new UsageException("--metrics-port " + port + " is out of range; use 1..65535, or 0 for no metrics");
        }
        if (port == 0) {
            return null;
        }
        try {
            return loopbackOnly ? MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", port)) : MetricsEndpoint.start(port);
        } catch (IOException e) {
            throw new UsageException("cannot serve metrics on port " + port + " (" + e.getMessage() + "); choose another --metrics-port");
        }
    }

    /**
     * Starts the endpoint of a process that runs a coordinator ({@code run}, {@code coordinator}) and
     * registers the coordinator's meters at once, at 0, so a dashboard shows 0 rather than "no data"
     * before the first round ends. Returns {@code null} when metrics are off.
     *
     * @param lock the {@code --lock} backend of the runs this coordinator will judge
     */
    MetricsEndpoint startCoordinator(boolean loopbackOnly, String lock) {
        MetricsEndpoint m = start(loopbackOnly);
        if (m != null) {
            m.instrumentation().registerCoordinator(lock);
        }
        return m;
    }

    static Instrumentation instrumentation(MetricsEndpoint m) {
        return m == null ? Instrumentation.NONE : m.instrumentation();
    }
}
