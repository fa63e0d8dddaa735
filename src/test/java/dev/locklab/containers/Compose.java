package dev.locklab.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;

/**
 * One docker-compose project of the repository's own docker-compose.yml, driven through the CLI
 * (docker-compose 1.29 here, `docker compose` v2 where that is what exists). {@link #close()} takes the
 * project down, then removes whatever is left of it item by item (containers labelled with its project
 * name, its networks and volumes), each removal tried even when an earlier one failed.
 *
 * <p>Thread-safety: one test thread owns an instance.
 */
final class Compose implements AutoCloseable {

    private static volatile List<String> command;

    private final Path dir;
    private final String project;
    private final Map<String, String> env;

    Compose(Path dir, String project, Map<String, String> env) {
        this.dir = dir;
        this.project = project;
        this.env = new HashMap<>(env);
    }

    /** The compose CLI: {@code docker-compose} or {@code docker compose}; null when neither runs. */
    static List<String> command() {
        if (command == null) {
            for (List<String> c : List.of(List.of("docker-compose"), List.of("docker", "compose"))) {
                List<String> v = new ArrayList<>(c);
                v.add("version");
                if (Cli.run(Path.of("."), Map.of(), Duration.ofSeconds(30), v).exit() == 0) {
                    command = c;
                    break;
                }
            }
        }
        return command;
    }

    String project() {
        return project;
    }

    /** Runs {@code compose -p PROJECT -f docker-compose.yml ARGS...} with the project's environment. */
    Cli.Result exec(Duration limit, String... args) {
        List<String> cmd = new ArrayList<>(command());
        cmd.addAll(List.of("-p", project, "-f", dir.resolve("docker-compose.yml").toString()));
        cmd.addAll(Arrays.asList(args));
        return Cli.run(dir, env, limit, cmd);
    }

    /** The host port published for {@code service}'s {@code containerPort} (loopback). */
    int port(String service, int containerPort) {
        String out = exec(Duration.ofSeconds(30), "port", service, String.valueOf(containerPort))
                .check("compose port " + service).out().strip();
        String last = out.lines().reduce((a, b) -> b).orElse("");
        return Integer.parseInt(last.substring(last.lastIndexOf(':') + 1).strip());
    }

    /** Containers of {@code service} in this project (running or not). */
    List<Container> containers(String service) {
        return docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("com.docker.compose.project", project,
                        "com.docker.compose.service", service))
                .exec();
    }

    /**
     * {@code down -v}, then a best-effort sweep: every container with the project's label, every network
     * and volume of the project is removed on its own, so one failed removal never leaves the rest behind.
     *
     * @throws IllegalStateException after trying everything, when something could not be removed
     */
    @Override
    public void close() {
        Cleanup cleanup = new Cleanup();
        cleanup.attempt("compose down", () -> {
            Cli.Result down = exec(Duration.ofMinutes(2), "down", "-v", "--remove-orphans", "-t", "3");
            if (down.exit() != 0) {
                System.err.println("[compose] down failed, removing item by item: " + down.out());
            }
        });
        DockerClient d = docker();
        cleanup.attempt("list containers", () -> {
            for (Container c : d.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("com.docker.compose.project", project)).exec()) {
                cleanup.attempt("container " + c.getId(),
                        () -> d.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
            }
        });
        cleanup.attempt("list networks", () -> {
            for (Network n : d.listNetworksCmd().exec()) {
                if (n.getName() != null && n.getName().startsWith(project + "_")) {
                    cleanup.attempt("network " + n.getName(), () -> d.removeNetworkCmd(n.getId()).exec());
                }
            }
        });
        cleanup.attempt("list volumes", () -> {
            var volumes = d.listVolumesCmd().exec().getVolumes();
            for (var v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
                if (v.getName().startsWith(project + "_")
                        || project.equals(labels(v).get("com.docker.compose.project"))) {
                    cleanup.attempt("volume " + v.getName(), () -> d.removeVolumeCmd(v.getName()).exec());
                }
            }
        });
        cleanup.finish("compose project " + project, null);
    }

    private static Map<String, String> labels(InspectVolumeResponse v) {
        return v.getLabels() == null ? Map.of() : v.getLabels();
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }
}
