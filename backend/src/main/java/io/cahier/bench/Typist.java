package io.cahier.bench;

import io.cahier.protocol.ot.TextOperation;
import io.vertx.core.Vertx;
import java.util.Random;

/**
 * One simulated person typing into one document through its own {@link LoadClient}: edits come as
 * a Poisson process of {@code rate} per second, each a one-character insert (or, one time in
 * seven, a one-character delete) at a random place of the local text. Runs on the client's context.
 */
final class Typist {

    private static final String KEYS = "abcdefghijklmnopqrstuvwxyz       eeaaiioo,.\n";

    private final Vertx vertx;
    private final LoadClient client;
    private final String doc;
    private final double rate;
    private final Random random;
    private volatile boolean typing;
    private long edits;

    Typist(Vertx vertx, LoadClient client, String doc, double rate, Random random) {
        this.vertx = vertx;
        this.client = client;
        this.doc = doc;
        this.rate = rate;
        this.random = random;
    }

    LoadClient client() {
        return client;
    }

    String doc() {
        return doc;
    }

    /** Edits made so far; read it after {@link #stop()}. */
    long edits() {
        return edits;
    }

    void start() {
        typing = true;
        client.context().runOnContext(v -> scheduleNext());
    }

    /** No edit starts after this returns (one in progress on the event loop may still finish). */
    void stop() {
        typing = false;
    }

    private void scheduleNext() {
        if (!typing) {
            return;
        }
        double seconds = -Math.log(1 - random.nextDouble()) / rate;
        vertx.setTimer(Math.max(1, Math.round(seconds * 1000)), id -> {
            if (typing) {
                type();
                scheduleNext();
            }
        });
    }

    private void type() {
        String text = client.text(doc);
        int length = text.length();
        TextOperation op;
        if (length > 0 && random.nextInt(7) == 0) {
            op = TextOperation.deleteAt(length, random.nextInt(length), 1);
        } else {
            char key = KEYS.charAt(random.nextInt(KEYS.length()));
            op = TextOperation.insertAt(length, random.nextInt(length + 1), String.valueOf(key));
        }
        client.submit(doc, op);
        edits++;
    }
}
