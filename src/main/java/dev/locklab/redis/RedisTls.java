package dev.locklab.redis;

import dev.locklab.config.UsageException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;

/**
 * Trust for {@code rediss://} connections. Without {@value #CA_ENV} the JVM's default trust store is
 * used (which also honours {@code -Djavax.net.ssl.trustStore}); with it, exactly the PEM certificates in
 * that file are trusted, like {@code redis-cli --tls --cacert FILE}. The server's host name is always
 * checked against its certificate, by both Redisson and Jedis. Stateless; any thread.
 */
public final class RedisTls {
    /** Environment variable naming a PEM file with the CA certificate(s) that signed Redis's certificate. */
    public static final String CA_ENV = "LOCKLAB_REDIS_CA";

    private RedisTls() {
    }

    /**
     * The trust manager for {@value #CA_ENV}, or empty when it is unset (the JVM default then applies).
     *
     * @throws UsageException when the file is missing or holds no readable certificate
     */
    public static Optional<TrustManagerFactory> trust() {
        String file = System.getenv(CA_ENV);
        if (file == null || file.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(file.trim());
        if (!Files.isReadable(path)) {
            throw new UsageException(CA_ENV + "=" + file + ": no such readable file; give the PEM CA certificate that signed Redis's certificate");
        }
        try (InputStream in = Files.newInputStream(path)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new UsageException(CA_ENV + "=" + file + " holds no certificate; expected PEM (-----BEGIN CERTIFICATE-----)");
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return Optional.of(tmf);
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageException(CA_ENV + "=" + file + " is not a readable PEM certificate file ("
                    + RedisClients.rootMessage(e) + ")");
        }
    }

    /** An SSL context trusting {@code tmf}, for Jedis's socket factory. */
    static SSLContext context(TrustManagerFactory tmf) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS context: " + e.getMessage(), e);
        }
    }

    /** TLS parameters that check the server's host name against its certificate (Jedis does not by default). */
    static SSLParameters verifyHostName() {
        SSLParameters p = new SSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }
}
