package dev.locklab.containers;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis in a container for tests, the same pinned image docker-compose.yml uses (offline, an image
 * tagged by {@code .ci/containers.sh}), password protected like the workshop stack. Reuse it from any
 * IT: {@code try (var redis = RedisContainers.start()) { String url = RedisContainers.url(redis); ... }}.
 * Call {@link ContainerEngine#requireEngine()} first (skip on a laptop, fail in CI).
 *
 * <p>Thread-safety: the factory methods are stateless; a container is owned by the test that started it.
 */
public final class RedisContainers {

    public static final DockerImageName IMAGE = DockerImageName.parse("docker.io/library/redis:7.4.6");
    public static final String PASSWORD = "locklab-test";
    public static final int PORT = 6379;

    private RedisContainers() {
    }

    /** A Redis container (not started): password {@link #PASSWORD}, no persistence, port published. */
    @SuppressWarnings("resource")
    public static GenericContainer<?> redis() {
        return new GenericContainer<>(IMAGE)
                .withCommand("redis-server", "--requirepass", PASSWORD, "--save", "", "--appendonly", "no",
                        "--protected-mode", "no")
                .withExposedPorts(PORT)
                .withLabel("locklab.test", "true")
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1));
    }

    /** Starts {@link #redis()}; close it (try-with-resources) to stop and remove it. */
    public static GenericContainer<?> start() {
        GenericContainer<?> c = redis();
        c.start();
        return c;
    }

    /** Starts {@link #redis()} on {@code network} under the alias {@code redis}. */
    public static GenericContainer<?> startOn(Network network) {
        GenericContainer<?> c = redis().withNetwork(network).withNetworkAliases("redis");
        c.start();
        return c;
    }

    /** {@code redis://:password@host:port} as the host (the test JVM) reaches it. */
    public static String url(GenericContainer<?> c) {
        return "redis://:" + PASSWORD + "@" + c.getHost() + ":" + c.getMappedPort(PORT);
    }

    /** {@code redis://:password@redis:6379} as another container on the same network reaches it. */
    public static String urlInNetwork() {
        return "redis://:" + PASSWORD + "@redis:" + PORT;
    }
}
