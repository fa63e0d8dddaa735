package dev.locklab.redis;

import dev.locklab.config.RedisSettings;
import dev.locklab.config.RedisUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default: a real {@code redis-server} process on a free loopback port, started when no
 * Redis URL is given. Uses {@code redis-server} from PATH if there is one, otherwise the binary shipped
 * in the {@code com.github.codemonstur:embedded-redis} jar ({@code LOCKLAB_EMBEDDED_REDIS=bundled} forces
 * the bundled one). Nothing is persisted.
 *
 * <p>No orphans: the server runs under a tiny {@code sh} watchdog in its own session (so a terminal's
 * Ctrl-C reaches only the lab, which then stops it in order) that also stops the server when this JVM
 * disappears, even by {@code kill -9}. {@link #close()} is idempotent and may be called from a
 * shutdown hook; one instance is owned by one thread otherwise.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private final Process process;
    private final int port;
    private final String binary;
    private final Path dir;

    private EmbeddedRedis(Process process, int port, String binary, Path dir) {
        this.process = process;
        this.port = port;
        this.binary = binary;
        this.dir = dir;
    }

    /** Starts a server and waits until it answers PING (at most 10 s). */
    public static EmbeddedRedis start() {
        String binary = findBinary();
        RuntimeException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                Path dir = Files.createTempDirectory("locklab-redis-");
                Process p = launch(binary, port, dir);
                EmbeddedRedis r = new EmbeddedRedis(p, port, binary, dir);
                if (r.awaitPong(10_000)) {
                    log.info("embedded Redis started: {} on 127.0.0.1:{}", binary, port);
                    return r;
                }
                r.close();
                last = new RedisUnavailableException("embedded redis-server (" + binary + ") did not answer on port " + port);
            } catch (IOException e) {
                last = new RedisUnavailableException("could not start embedded redis-server (" + binary + "): " + e.getMessage());
            }
        }
        throw last;
    }

    public RedisSettings settings() {
        return new RedisSettings(false, "127.0.0.1", port, null, null, 0);
    }

    public int port() {
        return port;
    }

    public String binary() {
        return binary;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public synchronized void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM to the watchdog, which stops redis-server and waits for it
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(dir);
    }

    private static Process launch(String binary, int port, Path dir) throws IOException {
        String script = "\"$0\" --port \"$1\" --bind 127.0.0.1 --save '' --appendonly no --dir \"$2\" "
                + "--loglevel warning --daemonize no & r=$!\n"
                + "trap 'kill $r 2>/dev/null; wait $r; exit 0' TERM INT HUP\n"
                + "while kill -0 \"$3\" 2>/dev/null && kill -0 $r 2>/dev/null; do sleep 0.5; done\n"
                + "kill $r 2>/dev/null; wait $r\n";
        List<String> cmd = new ArrayList<>();
        if (onPath("setsid") != null) {
            cmd.add("setsid");
        }
        cmd.addAll(List.of("sh", "-c", script, binary, Integer.toString(port), dir.toString(),
                Long.toString(ProcessHandle.current().pid())));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
    }

    private boolean awaitPong(long timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end && process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                OutputStream out = s.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] buf = new byte[16];
                int n = s.getInputStream().read(buf);
                if (n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG")) {
                    return true;
                }
            } catch (IOException e) {
                // not up yet
            }
            sleep(50);
        }
        return false;
    }

    static String findBinary() {
        Path onPath = "bundled".equals(System.getenv("LOCKLAB_EMBEDDED_REDIS")) ? null : onPath("redis-server");
        if (onPath != null) {
            return onPath.toString();
        }
        String resource = bundledResource();
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "locklab-" + System.getProperty("user.name", "user"));
        Path target = cache.resolve(resource);
        try (InputStream in = EmbeddedRedis.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new RedisUnavailableException("no redis-server on PATH and no bundled Redis for "
                        + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                        + "; install Redis or pass --redis redis://host:port");
            }
            Files.createDirectories(cache);
            Path tmp = Files.createTempFile(cache, resource, ".part");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            if (!tmp.toFile().setExecutable(true, true)) {
                throw new IOException("cannot make " + tmp + " executable");
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target.toString();
        } catch (IOException e) {
            throw new RedisUnavailableException("cannot unpack the bundled redis-server to " + cache + ": " + e.getMessage());
        }
    }

    private static String bundledResource() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.contains("aarch64") || arch.contains("arm64");
        if (os.contains("mac")) {
            return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        }
        return arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
    }

    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new RedisUnavailableException("no free loopback port for the embedded Redis: " + e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temp dir left behind is harmless
        }
    }
}
