package io.cahier.sync;

import io.vertx.core.Context;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The connections of one event loop that have frames waiting. A document broadcasting an operation
 * to two hundred subscribers hands this event loop one task, not two hundred: the task drains
 * every connection that became ready meanwhile.
 */
final class OutboundBatch {

    private final Context context;
    private final ConcurrentLinkedQueue<Connection> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    OutboundBatch(Context context) {
        this.context = context;
    }

    /** Called from any thread when {@code connection} has frames to write. */
    void ready(Connection connection) {
        ready.add(connection);
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> run());
        }
    }

    private void run() {
        scheduled.set(false);
        Connection connection;
        while ((connection = ready.poll()) != null) {
            connection.drain();
        }
    }
}
