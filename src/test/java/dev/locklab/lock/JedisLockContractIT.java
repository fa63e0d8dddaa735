package dev.locklab.lock;

/** The lock contract for the {@code jedis} backend: reentrant false, released by anyone false, lease true. */
class JedisLockContractIT extends LockContract {
    JedisLockContractIT() {
        super("jedis", false, false, true);
    }
}
