package dev.locklab.coord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Picking the container name out of the PTR answers of Docker's and podman's DNS servers. */
class WorkerNamesTest {

    @Test
    void podmanAnswersNameServiceAndHostnameAndTheReplicaNameWins() {
        // aardvark-dns, measured: "ptrtest_w_1., w., 97f4aa5353ac."
        assertThat(WorkerNames.pick("97f4aa5353ac", List.of("w.", "97f4aa5353ac.", "ptrtest_w_1.")))
                .isEqualTo("ptrtest_w_1");
    }

    @Test
    void dockerAnswersContainerNameDotNetwork() {
        assertThat(WorkerNames.pick("0123456789ab", List.of("locklab-worker-2.locklab_default.")))
                .isEqualTo("locklab-worker-2");
    }

    @Test
    void withoutAUsefulAnswerTheHostnameStays() {
        assertThat(WorkerNames.pick("0123456789ab", List.of())).isEqualTo("0123456789ab");
        assertThat(WorkerNames.pick("0123456789ab", List.of("0123456789ab."))).isEqualTo("0123456789ab");
    }

    @Test
    void aSingleNonReplicaNameIsStillBetterThanTheId() {
        assertThat(WorkerNames.pick("0123456789ab", List.of("coordinator.net."))).isEqualTo("coordinator");
    }
}
