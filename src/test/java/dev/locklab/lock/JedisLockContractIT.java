package dev.locklab.lock;

/** The lock contract for the {@code jedis} backend. */
class JedisLockContractIT extends LockContract {
    @Override
    String backend() {
        return "jedis";
    }

    @Override
    boolean reentrant() {
        return false;
    }

    @Override
    boolean anyoneMayRelease() {
        return false;
    }

    @Override
    boolean honoursLease() {
        return true;
    }
}
