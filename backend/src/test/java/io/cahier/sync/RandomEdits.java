package io.cahier.sync;

import io.cahier.client.SyncClient;
import io.cahier.protocol.ot.TextOperation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Random;

/**
 * Random edits of a text, as typists make them: mostly an insert or a delete at a random place,
 * sometimes an operation touching several places. Characters stay in the BMP (accents, dashes,
 * spaces) so that no position ever falls inside a surrogate pair.
 */
final class RandomEdits {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz     éèàçœ—«»ABCXYZ0123456789\n";

    private RandomEdits() {
    }

    /** Makes {@code count} random edits on the client's context, each after a random pause of 0 to {@code maxPauseMs}. */
    static Future<Integer> type(Vertx vertx, SyncClient editor, String doc, Random random, int count, int maxPauseMs) {
        Promise<Integer> done = Promise.promise();
        editor.context().runOnContext(v -> step(vertx, editor, doc, random, count, maxPauseMs, done));
        return done.future();
    }

    private static void step(Vertx vertx, SyncClient editor, String doc, Random random, int left, int maxPauseMs,
                             Promise<Integer> done) {
        if (left == 0) {
            done.complete(0);
            return;
        }
        editor.edit(doc, text -> next(random, text)).onFailure(done::fail);
        int pause = random.nextInt(maxPauseMs + 1);
        if (pause == 0) {
            editor.context().runOnContext(v -> step(vertx, editor, doc, random, left - 1, maxPauseMs, done));
        } else {
            vertx.setTimer(pause, id -> step(vertx, editor, doc, random, left - 1, maxPauseMs, done));
        }
    }

    static TextOperation next(Random random, String text) {
        int length = text.length();
        int kind = random.nextInt(100);
        if (length == 0 || kind < 45) {
            return TextOperation.insertAt(length, random.nextInt(length + 1), word(random, 1 + random.nextInt(4)));
        }
        if (kind < 80) {
            int position = random.nextInt(length);
            return TextOperation.deleteAt(length, position, 1 + random.nextInt(Math.min(3, length - position)));
        }
        return scattered(random, length);
    }

    /** An operation that walks the whole text, retaining, deleting and inserting in turn. */
    private static TextOperation scattered(Random random, int length) {
        TextOperation.Builder op = TextOperation.builder();
        int position = 0;
        while (position < length) {
            int span = 1 + random.nextInt(Math.max(1, Math.min(8, length - position)));
            span = Math.min(span, length - position);
            switch (random.nextInt(3)) {
                case 0 -> op.retain(span);
                case 1 -> op.delete(span);
                default -> op.insert(word(random, 1 + random.nextInt(3))).retain(span);
            }
            position += span;
        }
        if (random.nextBoolean()) {
            op.insert(word(random, 1 + random.nextInt(3)));
        }
        return op.build();
    }

    static String word(Random random, int length) {
        StringBuilder word = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            word.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return word.toString();
    }
}
