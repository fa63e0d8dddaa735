package dev.locklab.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A lesson run as Jobs (overlays locked, racy and the scaling example): the coordinator/worker contract. */
class JobRunWiringTest {

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#jobRuns")
    void theCoordinatorWaitsForExactlyAsManyWorkersAsTheIndexedJobRuns(String overlay) {
        Rendered rendered = StagedRepo.shared(overlay);
        JobSpec workers = rendered.one(Job.class, "locklab-workers").getSpec();
        Container coordinator = Rendered.main(rendered.one(Job.class, "locklab-coordinator"));

        assertThat(workers.getCompletionMode()).isEqualTo("Indexed");
        assertThat(workers.getParallelism()).as("%s: parallelism", overlay).isPositive()
                .isEqualTo(workers.getCompletions());
        assertThat(Integer.parseInt(Rendered.envValue(coordinator, "LOCKLAB_WORKERS"))).as("%s: coordinator's"
                + " LOCKLAB_WORKERS = workers' parallelism", overlay).isEqualTo(workers.getParallelism());
        assertThat(coordinator.getArgs()).contains("--workers=$(LOCKLAB_WORKERS)");
    }

    @Test
    void theScalingExampleScalesEverythingFromOnePatch() {
        Rendered rendered = StagedRepo.shared("examples/scale-workers");
        JobSpec workers = rendered.one(Job.class, "locklab-workers").getSpec();
        assertThat(workers.getParallelism()).isEqualTo(5);
        assertThat(workers.getCompletions()).isEqualTo(5);
        assertThat(Rendered.envValue(Rendered.main(rendered.one(Job.class, "locklab-coordinator")), "LOCKLAB_WORKERS"))
                .isEqualTo("5");
    }

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#jobRuns")
    void bothJobsRunOnceAndHaveADeadlineBackstop(String overlay) {
        Rendered rendered = StagedRepo.shared(overlay);
        for (String name : List.of("locklab-coordinator", "locklab-workers")) {
            JobSpec spec = rendered.one(Job.class, name).getSpec();
            assertThat(spec.getBackoffLimit()).as("%s %s: no retry (a retry would be a new run)", overlay, name).isZero();
            assertThat(spec.getActiveDeadlineSeconds()).as("%s %s: activeDeadlineSeconds", overlay, name)
                    .isNotNull().isPositive();
            assertThat(spec.getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#jobRuns")
    void eachWorkerIsNamedFromItsCompletionIndexAndJoinsOneRun(String overlay) {
        Container worker = Rendered.main(StagedRepo.shared(overlay).one(Job.class, "locklab-workers"));

        assertThat(worker.getArgs()).startsWith("worker", "--once");
        assertThat(worker.getArgs()).as("a worker waits for the run as long as the coordinator waits for it")
                .contains(joinTimeout(Rendered.main(StagedRepo.shared(overlay).one(Job.class, "locklab-coordinator"))));
        String name = Rendered.envValue(worker, "LOCKLAB_WORKER_NAME");
        assertThat(name).isEqualTo("worker-$(WORKER_INDEX)");
        EnvVar index = Rendered.env(worker, "WORKER_INDEX").orElseThrow();
        assertThat(index.getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
        assertThat(worker.getEnv().indexOf(index)).as("defined before LOCKLAB_WORKER_NAME, so $(...) expands")
                .isLessThan(worker.getEnv().indexOf(Rendered.env(worker, "LOCKLAB_WORKER_NAME").orElseThrow()));
    }

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#jobRuns")
    void workersPreferDifferentNodes(String overlay) {
        Job job = StagedRepo.shared(overlay).one(Job.class, "locklab-workers");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        List<WeightedPodAffinityTerm> preferred =
                pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .as("preferred only: one node must still run every worker").isNullOrEmpty();
        assertThat(preferred).singleElement().satisfies(term -> {
            assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            Map<String, String> selector = term.getPodAffinityTerm().getLabelSelector().getMatchLabels();
            assertThat(job.getSpec().getTemplate().getMetadata().getLabels().entrySet())
                    .containsAll(selector.entrySet());
        });
    }

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#jobRuns")
    void everyLabPodWaitsForAnAuthenticatedRedisPong(String overlay) {
        Rendered rendered = StagedRepo.shared(overlay);
        for (String name : List.of("locklab-coordinator", "locklab-workers")) {
            PodSpec pod = rendered.one(Job.class, name).getSpec().getTemplate().getSpec();
            assertThat(pod.getInitContainers()).singleElement().satisfies(init -> {
                assertThat(String.join(" ", init.getCommand())).contains("redis-cli -h redis -p 6379 ping")
                        .contains("grep -q PONG");
                assertThat(Rendered.env(init, "REDISCLI_AUTH").orElseThrow().getValueFrom().getSecretKeyRef()
                        .getName()).startsWith("redis-auth-");
            });
        }
    }

    @Test
    void theLockedRunIsTheLockedLessonAndTheRacyRunTheBrokenOne() {
        assertThat(coordinatorArgs("overlays/locked")).contains("--scenario=locked-drain", "--lock=reentrant",
                "--rounds=1");
        assertThat(coordinatorArgs("overlays/racy")).contains("--scenario=racy-drain", "--rounds=1")
                .anyMatch(a -> a.matches("--gap=[1-9]\\d*ms"))
                // wide enough that a stranded worker is near-certain (KubePlayIT expects one), across nodes too
                .anyMatch(a -> a.matches("--gap=\\d+ms") && Integer.parseInt(a.replaceAll("\\D", "")) >= 100);
    }

    private static String joinTimeout(Container coordinator) {
        return coordinator.getArgs().stream().filter(a -> a.startsWith("--join-timeout=")).findFirst()
                .orElseThrow(() -> new AssertionError("coordinator without --join-timeout"));
    }

    private static List<String> coordinatorArgs(String overlay) {
        List<String> args = Rendered.main(StagedRepo.shared(overlay).one(Job.class, "locklab-coordinator")).getArgs();
        assertThat(args.get(0)).isEqualTo("coordinator");
        return args;
    }
}
