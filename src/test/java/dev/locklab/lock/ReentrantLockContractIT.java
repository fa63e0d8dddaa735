package dev.locklab.lock;

/** The lock contract for the {@code reentrant} backend: reentrant true, released by anyone false, lease true. */
class ReentrantLockContractIT extends LockContract {
    ReentrantLockContractIT() {
        super("reentrant", true, false, true);
    }
}
