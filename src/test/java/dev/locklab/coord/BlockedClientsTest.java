package dev.locklab.coord;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BlockedClientsTest {
    @Test
    void findsLabWorkersBlockedInBlpop() {
        String list = "id=3 addr=127.0.0.1:5 name=locklab-worker-2 db=0 flags=b cmd=blpop user=default\n"
                + "id=4 addr=127.0.0.1:6 name=locklab-worker-1 db=0 flags=N cmd=llen user=default\n"
                + "id=5 addr=127.0.0.1:7 name=other-app db=0 flags=b cmd=blpop user=default\n"
                + "id=6 addr=127.0.0.1:8 name= db=0 flags=N cmd=client|list user=default\n";
        assertThat(BlockedClients.parse(list)).containsExactly("worker-2");
    }

    @Test
    void connectedWorkersAreNamedByAnyOfTheirConnectionsIncludingJedis() {
        String list = "id=3 addr=127.0.0.1:5 name=locklab-worker-2 db=0 flags=b cmd=blpop user=default\n"
                + "id=4 addr=127.0.0.1:6 name=locklab-worker-2 db=0 flags=N cmd=llen user=default\n"
                + "id=5 addr=127.0.0.1:7 name=locklab-worker-3-jedis db=0 flags=N cmd=set user=default\n"
                + "id=6 addr=127.0.0.1:8 name=other-app db=0 flags=N cmd=get user=default\n"
                + "id=7 addr=127.0.0.1:9 name= db=0 flags=N cmd=client|list user=default\n";
        assertThat(BlockedClients.parseConnected(list)).containsExactlyInAnyOrder("worker-2", "worker-3");
    }
}
