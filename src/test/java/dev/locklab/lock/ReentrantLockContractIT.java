package dev.locklab.lock;

/** The lock contract for the {@code reentrant} backend. */
class ReentrantLockContractIT extends LockContract {
    @Override
    String backend() {
        return "reentrant";
    }

    @Override
    boolean reentrant() {
        return true;
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
