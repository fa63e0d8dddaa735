package dev.locklab.coord;

import dev.locklab.history.Json;
import dev.locklab.history.Op;
import dev.locklab.history.Recorder;
import dev.locklab.redis.EmbeddedRedis;
import dev.locklab.redis.RedisClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RList;
import org.redisson.api.RedissonClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The history shipper against a real redis-server: ops arrive while the run goes, all of them, in order. */
class HistoryShipperIT {
    static EmbeddedRedis redis;
    static RedissonClient client;

    @BeforeAll
    static void start() {
        redis = EmbeddedRedis.start();
        client = RedisClients.redisson(redis.settings(), "shipper-it");
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        redis.close();
    }

    @Test
    void opsReachRedisBeforeTheWorkerFinishesAndAllArriveInOrder() throws Exception {
        RList<String> list = client.getList("locklab:{shipper-it}:history:w1");
        Recorder rec = new Recorder("w1");
        HistoryShipper shipper = new HistoryShipper(list, "history-w1");
        rec.addListener(shipper);
        for (int i = 0; i < 20; i++) {
            rec.invoke("take");
            rec.ok("take", i + ":" + (i % 10));
        }
        long until = System.nanoTime() + 10_000_000_000L;
        while (list.size() < 40 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(list.size()).as("streamed while the worker is still running").isEqualTo(40);

        for (int i = 20; i < 5000; i++) {
            rec.invoke("take");
            rec.ok("take", i + ":" + (i % 10));
        }
        Thread.currentThread().interrupt(); // as in a worker stopped by a signal
        assertThat(shipper.finish()).isTrue();
        assertThat(Thread.interrupted()).as("the caller's interrupt flag is given back").isTrue();
        List<Op> back = Json.parse(list.readAll(), new int[1]);
        assertThat(back).isEqualTo(rec.snapshot());
    }
}
