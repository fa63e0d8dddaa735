package dev.locklab.lock;

/** The lock contract for the {@code semaphore} backend: reentrant false, released by anyone true, lease false. */
class SemaphoreLockContractIT extends LockContract {
    SemaphoreLockContractIT() {
        super("semaphore", false, true, false);
    }
}
