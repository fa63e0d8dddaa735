package dev.locklab.lock;

/** The lock contract for the {@code semaphore} backend. */
class SemaphoreLockContractIT extends LockContract {
    @Override
    String backend() {
        return "semaphore";
    }

    @Override
    boolean reentrant() {
        return false;
    }

    @Override
    boolean anyoneMayRelease() {
        return true;
    }

    @Override
    boolean honoursLease() {
        return false;
    }
}
