package dev.locklab.lock;

/** The lock contract for the {@code fair} backend: reentrant true, released by anyone false, lease true. */
class FairLockContractIT extends LockContract {
    FairLockContractIT() {
        super("fair", true, false, true);
    }
}
