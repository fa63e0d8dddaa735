package dev.locklab.it;

import dev.locklab.checker.Verdict;
import dev.locklab.redis.EmbeddedRedis;
import dev.locklab.report.RunDirectory;
import dev.locklab.report.RunResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code rediss://} against a real redis-server speaking only TLS, with a CA and a server certificate
 * made by {@code openssl} for this test (SAN {@code localhost}, {@code 127.0.0.1}). Real worker JVMs
 * connect through the URL and {@code LOCKLAB_REDIS_CA}; the certificate's host name is checked.
 * Needs {@code redis-server} built with TLS and {@code openssl} on PATH: a skip on a laptop without
 * them, a failure in CI ({@code .ci/run} installs both).
 */
class TlsRedisIT {
    static Path certs;
    static Process redis;
    static int tlsPort;

    @TempDir
    Path dir;

    @BeforeAll
    static void startTlsRedis() throws Exception {
        String server = onPath("redis-server");
        String openssl = onPath("openssl");
        certs = Files.createTempDirectory("locklab-tls");
        sh(certs, openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=locklab test CA",
                "-keyout", "ca.key", "-out", "ca.crt");
        sh(certs, openssl, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "redis.key", "-out", "redis.csr");
        Files.writeString(certs.resolve("san.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        sh(certs, openssl, "x509", "-req", "-in", "redis.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "san.cnf", "-out", "redis.crt");
        try (ServerSocket s = new ServerSocket(0)) {
            tlsPort = s.getLocalPort();
        }
        // TLS only (port 0), on two loopback addresses: 127.0.0.2 is not in the certificate
        redis = new ProcessBuilder(server, "--port", "0", "--tls-port", Integer.toString(tlsPort),
                "--bind", "127.0.0.1", "127.0.0.2", "--tls-cert-file", "redis.crt", "--tls-key-file", "redis.key",
                "--tls-ca-cert-file", "ca.crt", "--tls-auth-clients", "no", "--save", "", "--appendonly", "no",
                "--dir", certs.toString())
                .directory(certs.toFile()).redirectErrorStream(true)
                .redirectOutput(certs.resolve("redis.log").toFile()).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", tlsPort)) {
                break;
            } catch (IOException notYet) {
                if (!redis.isAlive() || System.nanoTime() > until) {
                    fail("redis-server with TLS did not start (is it built with TLS?): "
                            + Files.readString(certs.resolve("redis.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(10, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        }
    }

    private Map<String, String> trustingTheCa() {
        return Map.of("LOCKLAB_REDIS_CA", certs.resolve("ca.crt").toString());
    }

    @Test
    void lockedDrainOverTlsIsValidWithEveryItemOnce() throws Exception {
        for (String lock : List.of("reentrant", "jedis")) {
            LabJar.Result r = LabJar.run(dir, trustingTheCa(), 120, "run", "--scenario", "locked-drain", "--workers", "2",
                    "--lock", lock, "--items", "30", "--redis", "rediss://localhost:" + tlsPort, "--quiet");
            assertThat(r.exit()).as(lock + ": " + r.all()).isZero();
            RunResult res = RunResult.read(dir.resolve("runs/latest").resolve(RunDirectory.RESULTS));
            assertThat(res.status()).isEqualTo(Verdict.Status.VALID);
            assertThat(res.itemsProcessed()).isEqualTo(30);
            assertThat(res.workers()).hasSize(2);
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedInOneLine() throws Exception {
        LabJar.Result r = LabJar.run(dir, Map.of(), 60, "run", "--scenario", "locked-drain",
                "--redis", "rediss://127.0.0.1:" + tlsPort);
        assertOneLine(r, 69, "TLS with Redis at rediss://127.0.0.1:" + tlsPort);
        assertThat(r.stderr()).contains("LOCKLAB_REDIS_CA");
    }

    @Test
    void aHostNameThatIsNotInTheCertificateIsRefused() throws Exception {
        LabJar.Result r = LabJar.run(dir, trustingTheCa(), 60, "run", "--scenario", "locked-drain",
                "--redis", "rediss://127.0.0.2:" + tlsPort);
        assertOneLine(r, 69, "TLS with Redis at rediss://127.0.0.2:" + tlsPort);
    }

    @Test
    void plainRedisUrlAgainstATlsPortSuggestsRediss() throws Exception {
        LabJar.Result r = LabJar.run(dir, Map.of(), 60, "run", "--scenario", "locked-drain",
                "--redis", "redis://127.0.0.1:" + tlsPort);
        assertOneLine(r, 69, "use rediss://");
    }

    @Test
    void redissAgainstAPlainRedisIsATlsFailureNotAHang() throws Exception {
        try (EmbeddedRedis plain = EmbeddedRedis.start()) {
            LabJar.Result r = LabJar.run(dir, trustingTheCa(), 60, "run", "--scenario", "locked-drain",
                    "--redis", "rediss://127.0.0.1:" + plain.port());
            assertThat(r.exit()).as(r.all()).isEqualTo(69);
            assertThat(r.all()).doesNotContain("\tat ");
        }
    }

    @Test
    void aMissingCaFileIsAUsageError() throws Exception {
        LabJar.Result r = LabJar.run(dir, Map.of("LOCKLAB_REDIS_CA", dir.resolve("nope.pem").toString()), 60,
                "run", "--scenario", "locked-drain", "--redis", "rediss://localhost:" + tlsPort);
        assertOneLine(r, 64, "LOCKLAB_REDIS_CA=");
    }

    private static void assertOneLine(LabJar.Result r, int exit, String message) {
        assertThat(r.exit()).as(r.all()).isEqualTo(exit);
        assertThat(r.stderr()).contains(message);
        assertThat(r.all()).doesNotContain("\tat ");
        assertThat(r.stderr().lines().filter(l -> l.startsWith("locklab:")).count()).isEqualTo(1);
    }

    private static String onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return Path.of(d, tool).toString();
            }
        }
        String ci = System.getenv("CI");
        String message = tool + " is not on PATH (apt-get install redis-server openssl); the TLS tests need it";
        if (ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci)) {
            fail(message);
        }
        Assumptions.abort("SKIPPED: " + message);
        throw new AssertionError("unreachable");
    }

    private static void sh(Path cwd, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", new ArrayList<>(List.of(cmd))) + " failed: " + out);
        }
    }
}
