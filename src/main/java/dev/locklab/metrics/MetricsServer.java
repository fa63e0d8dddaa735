package dev.locklab.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Prometheus endpoint of one process: {@code GET /metrics} (text format 0.0.4) and
 * {@code GET /health} ({@code 200 ok}), on the JDK's built-in HTTP server, served by one daemon thread.
 *
 * <p>Thread safety: {@link #start} returns a running server; {@link #port()} and {@link #stop()} may be
 * called from any thread; {@link #stop()} is idempotent. The JDK's dispatcher thread is not a daemon:
 * a process must call {@link #stop()} (or {@link #close()}) to exit normally.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final LabMetrics metrics;
    private volatile boolean stopped;

    private MetricsServer(HttpServer server, ExecutorService executor, LabMetrics metrics) {
        this.server = server;
        this.executor = executor;
        this.metrics = metrics;
    }

    /** Starts on every interface at {@code port} (0 = an ephemeral port); containers use 9400. */
    public static MetricsServer start(LabMetrics metrics, int port) throws IOException {
        return start(metrics, new InetSocketAddress(port));
    }

    /** Starts on the given address, e.g. {@code new InetSocketAddress("127.0.0.1", 0)} in tests. */
    public static MetricsServer start(LabMetrics metrics, InetSocketAddress address) throws IOException {
        HttpServer http = HttpServer.create(address, 16);
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "locklab-metrics-http");
            t.setDaemon(true);
            return t;
        });
        MetricsServer s = new MetricsServer(http, ex, metrics);
        http.createContext("/metrics", s::metrics);
        http.createContext("/health", s::health);
        http.setExecutor(ex);
        http.start();
        log.info("metrics endpoint on {}", http.getAddress());
        return s;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving at once; idempotent. */
    public synchronized void stop() {
        if (!stopped) {
            stopped = true;
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void metrics(HttpExchange ex) throws IOException {
        try (ex) {
            if (!isGet(ex)) {
                return;
            }
            byte[] body = metrics.scrapeText().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            send(ex, body);
        } catch (RuntimeException e) {
            log.warn("scrape failed", e);
            ex.sendResponseHeaders(500, -1);
            return;
        }
        metrics.scraped();
    }

    private void health(HttpExchange ex) throws IOException {
        try (ex) {
            if (isGet(ex)) {
                ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                send(ex, "ok\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static boolean isGet(HttpExchange ex) throws IOException {
        String m = ex.getRequestMethod();
        if (m.equals("GET") || m.equals("HEAD")) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        ex.sendResponseHeaders(405, -1);
        return false;
    }

    private static void send(HttpExchange ex, byte[] body) throws IOException {
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
