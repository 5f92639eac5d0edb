package io.cahier.testing;

import io.cahier.protocol.ot.TextOperation;
import io.cahier.protocol.ot.TextOperationJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * An honest client in lock step: one operation outstanding at a time, remote operations
 * transformed against it exactly as ot.js's client does. Records every acknowledgement, so tests
 * can check that each acknowledged operation is in the log.
 */
public final class Typist {

    /** An acknowledged submission. */
    public record Acked(String client, long seq, long rev) {
    }

    private final String doc;
    private final String client;
    private final Random random;
    private TestWs ws;
    private String text = "";
    private long rev;
    private long seq;
    private TextOperation outstanding;
    private final List<Acked> acked = new ArrayList<>();
    private final List<String> history = new ArrayList<>();

    private final java.util.Map<String, String> credential;

    /** {@code credential}: the headers that say who types (a guest's cookie, a bearer token). */
    public Typist(String doc, String client, long seed, java.util.Map<String, String> credential) {
        this.doc = doc;
        this.client = client;
        this.random = new Random(seed);
        this.credential = credential;
    }

    public Typist join(int port) {
        ws = TestWs.connect(port, null, credential);
        JsonObject joined = ws.send(new JsonObject().put("type", "join").put("doc", doc).put("client", client)).next("joined");
        text = joined.getString("text");
        rev = joined.getLong("rev");
        return this;
    }

    /** Reconnects after a drop: join with the last revision, catch up, resubmit what was outstanding. */
    public Typist rejoin(int port) {
        ws = TestWs.connect(port, null, credential);
        JsonObject joined = ws.send(new JsonObject().put("type", "join").put("doc", doc).put("rev", rev).put("client", client))
                .next("joined");
        long head = joined.getLong("head");
        while (rev < head) {
            remote(ws.next("op"));
        }
        if (outstanding != null) {
            send();
            awaitAck();
        }
        return this;
    }

    /** Types one random edit and waits until it is acknowledged. */
    public void typeOne() {
        outstanding = randomEdit();
        text = outstanding.apply(text);
        seq++;
        send();
        awaitAck();
    }

    private void send() {
        ws.send(new JsonObject().put("type", "op").put("doc", doc).put("rev", rev)
                .put("op", new JsonArray(TextOperationJson.toJson(outstanding))).put("client", client).put("seq", seq));
    }

    private void awaitAck() {
        while (outstanding != null) {
            JsonObject frame = ws.next(f -> doc.equals(f.getString("doc")) && f.getString("type").matches("op|ack|error"),
                    "op, ack or error");
            switch (frame.getString("type")) {
                case "ack" -> {
                    remember(frame);
                    if (frame.getLong("seq") == seq) {
                        acked.add(new Acked(client, seq, frame.getLong("rev")));
                        rev = frame.getLong("rev");
                        outstanding = null;
                    }
                }
                case "op" -> remote(frame);
                default -> {
                    if (!"rate-limited".equals(frame.getString("code"))) {
                        throw new AssertionError(client + " was refused: " + frame);
                    }
                    // as a real client does: back off, then resend the same submission at the current revision
                    LockSupport.parkNanos(20_000_000L);
                    send();
                }
            }
        }
    }

    /** Applies a remote op, or recognises our own outstanding one (after a reconnect) as its ack. */
    private void remote(JsonObject frame) {
        long opRev = frame.getLong("rev");
        remember(frame);
        if (opRev != rev + 1) {
            throw new AssertionError(client + " expected op " + (rev + 1) + " but got " + opRev + "; last frames " + history);
        }
        if (outstanding != null && client.equals(frame.getString("client")) && frame.getLong("seq") != null
                && frame.getLong("seq") == seq) {
            acked.add(new Acked(client, seq, opRev));
            outstanding = null;
            rev = opRev;
            return;
        }
        TextOperation op = TextOperationJson.fromJson(io.vertx.core.json.jackson.DatabindCodec.mapper()
                .valueToTree(frame.getJsonArray("op").getList()));
        if (outstanding != null) {
            TextOperation.Transformed t = TextOperation.transform(outstanding, op);
            outstanding = t.aPrime();
            op = t.bPrime();
        }
        text = op.apply(text);
        rev = opRev;
    }

    private void remember(JsonObject frame) {
        history.add(frame.encode());
        if (history.size() > 6) {
            history.remove(0);
        }
    }

    /** Reads remote ops until this typist is at revision {@code target}. */
    public void catchUpTo(long target) {
        while (rev < target) {
            remote(ws.next(f -> "op".equals(f.getString("type")) && doc.equals(f.getString("doc")), "op"));
        }
    }

    private TextOperation randomEdit() {
        int length = text.length();
        int pos = random.nextInt(length + 1);
        while (pos > 0 && pos < length && Character.isLowSurrogate(text.charAt(pos))) {
            pos--;
        }
        if (length > 0 && random.nextInt(4) == 0) {
            int end = Math.min(length, pos + 1 + random.nextInt(3));
            while (end < length && Character.isLowSurrogate(text.charAt(end))) {
                end++;
            }
            if (end > pos) {
                return TextOperation.deleteAt(length, pos, end - pos);
            }
        }
        String[] pieces = {"a", "é", "😀", " ", "l'expérimentation ", "\n"};
        return TextOperation.insertAt(length, pos, pieces[random.nextInt(pieces.length)]);
    }

    public String text() {
        return text;
    }

    public long rev() {
        return rev;
    }

    public List<Acked> acked() {
        return acked;
    }

    public TestWs socket() {
        return ws;
    }

    public boolean hasOutstanding() {
        return outstanding != null;
    }
}
