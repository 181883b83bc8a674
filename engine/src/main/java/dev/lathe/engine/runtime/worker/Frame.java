package dev.lathe.engine.runtime.worker;

import java.io.Serializable;

/**
 * What goes between a process and its model worker, one frame at a time: calls and cancels one way; the worker's
 * greeting, events (progress, latencies), results and failures the other. Every frame but the greeting names its call.
 */
sealed interface Frame extends Serializable {

    /** The worker's first frame: it is up and reads calls. */
    record Hello(long pid) implements Frame {
    }

    record Call(long id, WorkerCall<?> call) implements Frame {
    }

    /** Interrupts the call's thread in the worker; the call ends as it would in-process (a cancelled timing). */
    record Cancel(long id) implements Frame {
    }

    record Event(long id, Serializable event) implements Frame {
    }

    record Done(long id, Serializable result) implements Frame {
    }

    record Failed(long id, Throwable error) implements Frame {
    }
}
