package dev.locklab.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeteredLockTest {
    private final LabMetrics metrics = LabMetrics.create();
    private final RunMeters meters = metrics.forRun("r1", "reentrant", "worker-1", "reentrant");
    private final MeterRegistry reg = metrics.registry();

    @AfterEach
    void close() {
        metrics.close();
    }

    private double counter(String name) {
        return reg.get(name).tag("run", "r1").tag("worker", "worker-1").counter().count();
    }

    private Timer timer(String name) {
        return reg.get(name).tag("run", "r1").tag("worker", "worker-1").timer();
    }

    private double gauge(String name) {
        return reg.get(name).tag("run", "r1").tag("worker", "worker-1").gauge().value();
    }

    @Test
    void everyMeterExistsWithZeroBeforeAnyOp() {
        assertThat(counter(Meters.ITEMS_PROCESSED)).isZero();
        assertThat(counter(Meters.LOCK_ACQUISITIONS)).isZero();
        assertThat(counter(Meters.LOCK_ACQUIRE_FAILURES)).isZero();
        assertThat(counter(Meters.WORKERS_STRANDED)).isZero();
        assertThat(timer(Meters.LOCK_WAIT).count()).isZero();
        assertThat(timer(Meters.LOCK_HOLD).count()).isZero();
        assertThat(gauge(Meters.LOCK_HOLD_DEPTH)).isZero();
        assertThat(gauge(Meters.LOCK_HOLD_DEPTH_MAX)).isZero();
    }

    @Test
    void waitIsRecordedWhileAnotherThreadHolds() throws Exception {
        ReentrantLock raw = new ReentrantLock();
        Lock lock = meters.decorate(raw);
        CountDownLatch held = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            raw.lock();
            held.countDown();
            try {
                Thread.sleep(200);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            } finally {
                raw.unlock();
            }
        });
        holder.start();
        held.await();
        lock.lock();
        Thread.sleep(50);
        lock.unlock();
        holder.join();

        Timer wait = timer(Meters.LOCK_WAIT);
        assertThat(wait.count()).isEqualTo(1);
        // the acquire blocked until the other thread's 200 ms hold ended (minus the time to start waiting)
        assertThat(wait.totalTime(TimeUnit.MILLISECONDS)).isGreaterThan(100);
        Timer hold = timer(Meters.LOCK_HOLD);
        assertThat(hold.count()).isEqualTo(1);
        assertThat(hold.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(50);
        assertThat(counter(Meters.LOCK_ACQUISITIONS)).isEqualTo(1);
    }

    @Test
    void holdDepthFollowsReentrancyAndOneHoldSpansFirstAcquireToLastRelease() throws Exception {
        ReentrantLock raw = new ReentrantLock();
        Lock lock = meters.decorate(raw);
        List<Double> depths = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lock.lock();
            depths.add(gauge(Meters.LOCK_HOLD_DEPTH));
            Thread.sleep(10);
        }
        assertThat(raw.getHoldCount()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            lock.unlock();
            depths.add(gauge(Meters.LOCK_HOLD_DEPTH));
        }
        assertThat(depths).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 4.0, 3.0, 2.0, 1.0, 0.0);
        assertThat(gauge(Meters.LOCK_HOLD_DEPTH_MAX)).isEqualTo(5.0);
        assertThat(counter(Meters.LOCK_ACQUISITIONS)).isEqualTo(5);
        assertThat(timer(Meters.LOCK_WAIT).count()).isEqualTo(5);
        Timer hold = timer(Meters.LOCK_HOLD);
        assertThat(hold.count()).as("one hold: first acquire to last release").isEqualTo(1);
        assertThat(hold.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(50);
    }

    @Test
    void failedTryLockIsNotAnAcquisition() throws Exception {
        ReentrantLock raw = new ReentrantLock();
        Lock lock = meters.decorate(raw);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            raw.lock();
            held.countDown();
            try {
                done.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            } finally {
                raw.unlock();
            }
        });
        holder.start();
        held.await();
        try {
            assertThat(lock.tryLock(30, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(lock.tryLock()).isFalse();
        } finally {
            done.countDown();
            holder.join();
        }
        assertThat(counter(Meters.LOCK_ACQUISITIONS)).isZero();
        assertThat(counter(Meters.LOCK_ACQUIRE_FAILURES)).isEqualTo(2);
        assertThat(timer(Meters.LOCK_WAIT).count()).isZero();
        assertThat(timer(Meters.LOCK_HOLD).count()).isZero();
        assertThat(gauge(Meters.LOCK_HOLD_DEPTH)).isZero();

        assertThat(lock.tryLock(1, TimeUnit.SECONDS)).isTrue();
        lock.unlock();
        assertThat(counter(Meters.LOCK_ACQUISITIONS)).isEqualTo(1);
        assertThat(timer(Meters.LOCK_HOLD).count()).isEqualTo(1);
    }

    @Test
    void unlockWithoutHoldingThrowsAndChangesNothing() {
        Lock lock = meters.decorate(new ReentrantLock());
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
        assertThat(gauge(Meters.LOCK_HOLD_DEPTH)).isZero();
        assertThat(timer(Meters.LOCK_HOLD).count()).isZero();
    }

    @Test
    void interruptedAcquireIsAFailure() throws Exception {
        ReentrantLock raw = new ReentrantLock();
        Lock lock = meters.decorate(raw);
        raw.lock();
        try {
            Thread t = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    lock.lockInterruptibly();
                } catch (InterruptedException expected) {
                    return;
                }
                lock.unlock();
            });
            t.start();
            t.join();
        } finally {
            raw.unlock();
        }
        assertThat(counter(Meters.LOCK_ACQUIRE_FAILURES)).isEqualTo(1);
        assertThat(counter(Meters.LOCK_ACQUISITIONS)).isZero();
    }

    @Test
    void listenerCountsItemsButNotThePillAndCountsStranded() {
        var rec = new dev.locklab.history.Recorder("worker-1");
        rec.addListener(meters.listener());
        rec.ok("take", "1:7");
        rec.ok("take", "2:3");
        rec.ok("check", "non-empty");
        rec.complete(dev.locklab.history.Op.Type.OK, "take", Meters.RELEASE_PILL, -1, -1, null);
        rec.info("take", "no item");
        rec.info("released", "stranded");
        assertThat(counter(Meters.ITEMS_PROCESSED)).isEqualTo(2);
        assertThat(counter(Meters.WORKERS_STRANDED)).isEqualTo(1);
    }
}
