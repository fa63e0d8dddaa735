package dev.locklab.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ContainerNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * "Across hosts", demonstrated: workers in two separate container networks, which share nothing but
 * Redis (attached to both networks, reached by name over the network), drain one queue under one lock.
 * The coordinator (a container on the first network) judges the round; the histories in Redis show
 * items taken on both networks.
 */
class CrossNetworkLockIT {

    static final DockerImageName IMAGE = DockerImageName.parse(ContainerEngine.LOCKLAB_IMAGE);

    @Test
    void workersOnTwoNetworksShareTheLockThroughRedis() throws Exception {
        ContainerEngine.requireImage(ContainerEngine.LOCKLAB_IMAGE);
        List<GenericContainer<?>> started = new ArrayList<>();
        Network netA = labelled();
        Network netB = labelled();
        Throwable failed = null;
        try {
            GenericContainer<?> redis = RedisContainers.redis().withNetwork(netA).withNetworkAliases("redis");
            started.add(redis); // added before start(): a container that fails to start is removed too
            redis.start();
            DockerClientFactory.instance().client().connectToNetworkCmd()
                    .withContainerId(redis.getContainerId()).withNetworkId(netB.getId())
                    .withContainerNetwork(new ContainerNetwork().withAliases("redis")).exec();

            for (String name : List.of("a-1", "a-2", "b-1", "b-2")) {
                GenericContainer<?> w = locklab(name.startsWith("a") ? netA : netB)
                        .withEnv("LOCKLAB_WORKER_NAME", "net-" + name)
                        .withCommand("worker", "--follow");
                started.add(w);
                w.start();
                // each worker sits on exactly one network: the other network's workers are unreachable
                assertThat(w.getContainerInfo().getNetworkSettings().getNetworks()).hasSize(1);
            }
            assertThat(DockerClientFactory.instance().client().inspectContainerCmd(redis.getContainerId()).exec()
                    .getNetworkSettings().getNetworks()).as("Redis is on both networks").hasSize(2);
            GenericContainer<?> coordinator = locklab(netA)
                    .withCommand("coordinator", "--rounds", "1", "--scenario", "locked-drain", "--workers", "4",
                            "--items", "80", "--gap", "5ms", "--join-timeout", "90s", "--out", "/app/runs",
                            // 4 JVMs on 2 shared cores: a worker still writing its history 1 s after the
                            // queue ran empty is slow, not stranded (the default threshold is 1 s)
                            "--stranded-after", "5s")
                    .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(3)));
            started.add(coordinator);
            coordinator.start(); // one-shot: throws unless the coordinator exits 0 (VALID)

            String runId = Histories.announced(redis.getHost(), redis.getMappedPort(RedisContainers.PORT), RedisContainers.PASSWORD);
            Histories.Run run = Histories.read(redis.getHost(), redis.getMappedPort(RedisContainers.PORT),
                    RedisContainers.PASSWORD, runId);
            Map<String, Long> takes = run.takesByWorker();
            System.out.println("[cross-network-it] takes by worker: " + takes);
            assertThat(run.takes()).isEqualTo(80);
            assertThat(takes.keySet()).containsExactlyInAnyOrder("net-a-1", "net-a-2", "net-b-1", "net-b-2");
            long onA = takes.get("net-a-1") + takes.get("net-a-2");
            long onB = takes.get("net-b-1") + takes.get("net-b-2");
            assertThat(onA).as("items taken on network A").isPositive();
            assertThat(onB).as("items taken on network B").isPositive();
        } catch (Throwable t) {
            failed = t;
            throw t;
        } finally {
            // best effort, item by item: a container that fails to stop must not keep the rest (or the
            // networks) from being removed
            Cleanup cleanup = new Cleanup();
            for (int i = started.size() - 1; i >= 0; i--) {
                GenericContainer<?> c = started.get(i);
                cleanup.attempt("container " + c.getContainerId(), c::stop);
            }
            // networks last: a network with containers attached cannot be removed
            cleanup.attempt("network A", netA::close);
            cleanup.attempt("network B", netB::close);
            cleanup.finish("cross-network test", failed);
        }
    }

    private static Network labelled() {
        return Network.builder()
                .createNetworkCmdModifier(cmd -> cmd.withLabels(Map.of("locklab.test", "true", "org.testcontainers", "true")))
                .build();
    }

    @SuppressWarnings("resource")
    private static GenericContainer<?> locklab(Network net) {
        return new GenericContainer<>(IMAGE)
                .withNetwork(net)
                .withLabel("locklab.test", "true")
                .withEnv("LOCKLAB_REDIS_URL", RedisContainers.urlInNetwork())
                .withEnv("LOCKLAB_METRICS_PORT", "0");
    }
}
