package io.cahier.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.testing.TestServer;
import io.cahier.testing.TestWs;
import io.cahier.testing.Typist;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 random and malformed frames while honest clients keep editing: every one is answered with
 * an {@code error}, nothing from them is applied, the server stays up, the honest clients converge.
 */
class FuzzTest {

    private static final int FRAMES = 10_000;
    private static final int HONEST = 3;

    @TempDir
    Path dataDir;

    @Test
    void malformedFramesAreRefusedWhileHonestClientsConverge() throws Exception {
        long seed = Long.getLong("cahier.seed", System.nanoTime());
        try (TestServer server = TestServer.start(dataDir)) {
            String doc = server.createDocument("note");
            String emojiDoc = server.createDocument("note");
            try (TestWs setup = server.connect("setup")) {
                setup.send(SyncProtocolTest.join(emojiDoc)).next("joined");
                setup.send(SyncProtocolTest.op(emojiDoc, 0, new io.vertx.core.json.JsonArray().add("a😀b"), "setup", 1)).next("ack");
            }

            List<Typist> honest = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(HONEST);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < HONEST; i++) {
                Typist typist = new Typist(doc, "honest-" + i, seed + i, server.guest("honest-" + i).headers()).join(server.port());
                honest.add(typist);
                new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            typist.typeOne();
                            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L); // a fast typist, not a flood
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        done.countDown();
                    }
                }, "honest-" + i).start();
            }

            Map<String, Integer> codes = new TreeMap<>();
            Random random = new Random(seed);
            Fuzzer fuzzer = new Fuzzer(random, doc, emojiDoc);
            TestWs ws = fuzzConnection(server, doc, emojiDoc);
            int reconnects = 0;
            try {
                for (int i = 0; i < FRAMES; i++) {
                    if (ws.isClosed()) {
                        assertEquals(1008, ws.closeCode(), "only the garbage limit closes a fuzzer");
                        ws = fuzzConnection(server, doc, emojiDoc);
                        reconnects++;
                    }
                    Fuzzer.Frame frame = fuzzer.next();
                    JsonObject answer;
                    try {
                        answer = exchange(ws, frame, i);
                    } catch (TestWs.ConnectionClosed closedMeanwhile) {
                        // the garbage limit closed the socket after the previous answer: resend on a new one
                        assertEquals(1008, ws.awaitClose(), "only the garbage limit closes a fuzzer");
                        ws = fuzzConnection(server, doc, emojiDoc);
                        reconnects++;
                        answer = exchange(ws, frame, i);
                    }
                    assertEquals("error", answer.getString("type"), "seed " + seed + ", frame " + i + ": " + abbreviate(frame.text())
                            + " was answered with " + answer);
                    codes.merge(answer.getString("code"), 1, Integer::sum);
                }
            } finally {
                ws.close();
                stop.set(true);
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), "honest clients stopped");
            assertTrue(failures.isEmpty(), "seed " + seed + ": honest clients failed: " + failures);

            assertEquals(200, server.get("/health").status(), "the server is up");
            JsonObject head = server.get("/api/documents/" + doc).json();
            long rev = head.getLong("rev");
            for (Typist typist : honest) {
                typist.catchUpTo(rev);
                assertEquals(server.text(doc), typist.text(), "seed " + seed + ": honest clients converge");
            }
            int honestOps = honest.stream().mapToInt(t -> t.acked().size()).sum();
            assertEquals(honestOps, rev, "only the honest clients' operations were applied");
            assertEquals(1, server.get("/api/documents/" + emojiDoc).json().getLong("rev"), "the fuzzed document is untouched");
            assertEquals("a😀b", server.text(emojiDoc));
            System.out.printf("fuzz: %d frames, %d reconnects after the garbage limit, error codes %s, %d honest ops (seed %d)%n",
                    FRAMES, reconnects, codes, honestOps, seed);
            assertTrue(codes.keySet().containsAll(List.of("bad-message", "bad-op", "unknown-doc", "too-large")), codes.toString());
        }
    }

    private static JsonObject exchange(TestWs ws, Fuzzer.Frame frame, int i) {
        if (frame.binary()) {
            ws.sendBinary(frame.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else {
            ws.send(frame.text());
        }
        return ws.next(f -> !"op".equals(f.getString("type")) && !"participant".equals(f.getString("type"))
                && !"presence".equals(f.getString("type")), "an answer to fuzz frame " + i);
    }

    private static TestWs fuzzConnection(TestServer server, String doc, String emojiDoc) {
        TestWs ws = server.connect("fuzzer");
        ws.send(SyncProtocolTest.join(doc).put("client", "fuzzer")).next("joined");
        ws.send(SyncProtocolTest.join(emojiDoc).put("client", "fuzzer")).next("joined");
        return ws;
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…(" + text.length() + " chars)" : text;
    }

    /** Frames that are all invalid by construction, across every way a frame can be wrong. */
    private static final class Fuzzer {
        record Frame(String text, boolean binary) {
        }

        private final Random random;
        private final String doc;
        private final String emojiDoc;
        private int large;

        Fuzzer(Random random, String doc, String emojiDoc) {
            this.random = random;
            this.doc = doc;
            this.emojiDoc = emojiDoc;
        }

        Frame next() {
            int kind = random.nextInt(20);
            String client = "\"fz" + random.nextInt(1_000_000) + "\"";
            String d = "\"" + doc + "\"";
            return switch (kind) {
                case 0 -> text("{" + junk(1 + random.nextInt(40)));
                case 1 -> text(pick("[]", "[1,2,3]", "42", "\"op\"", "null", "true", "-0.5", "[{\"type\":\"ping\"}]"));
                case 2 -> text(pick("{}", "{\"type\":null}", "{\"type\":12}", "{\"type\":[\"op\"]}", "{\"type\":\"" + junk(8).replace("\"", "") + "x\"}",
                        "{\"doc\":" + d + "}"));
                case 3 -> text("{\"type\":\"join\",\"doc\":" + pick("12", "\"\"", "null", "\"" + "d".repeat(200) + "\"", "[]") + "}");
                case 4 -> text("{\"type\":\"join\",\"doc\":\"unknown" + random.nextInt(1_000_000) + "\"}");
                case 5 -> text("{\"type\":\"join\",\"doc\":\"x" + random.nextInt(1000) + "\",\"rev\":" + pick("-1", "1e30", "\"3\"", "1152921504606846976", "1.5") + "}");
                case 6 -> text("{\"type\":\"op\",\"doc\":" + d + ",\"rev\":" + pick("-1", "1e300", "9007199254740993", "\"0\"", "null")
                        + ",\"op\":[\"x\"],\"client\":" + client + ",\"seq\":1}");
                case 7 -> text("{\"type\":\"op\",\"doc\":" + d + ",\"rev\":0,\"op\":[\"x\"],\"client\":" + client + ",\"seq\":"
                        + pick("0", "-4", "\"1\"", "1.5", "null", "1e20") + "}");
                case 8 -> text("{\"type\":\"op\",\"doc\":" + d + ",\"rev\":0,\"op\":[\"x\"],\"client\":"
                        + pick("\"\"", "7", "null", "\"" + "c".repeat(65) + "\"") + ",\"seq\":1}");
                case 9 -> text("{\"type\":\"op\",\"doc\":" + d + ",\"rev\":0,\"op\":" + pick("\"x\"", "{}", "null", "7", "[0]", "[\"\"]", "[1.5]",
                        "[true]", "[3000000000]", "[[1]]", "[\"\\udc00\"]") + ",\"client\":" + client + ",\"seq\":1}");
                case 10 -> text("{\"type\":\"op\",\"doc\":" + d + ",\"rev\":0,\"op\":[" + (1 + random.nextInt(50)) + ",\"x\"],\"client\":"
                        + client + ",\"seq\":" + (1 + random.nextInt(100)) + "}"); // wrong base length at revision 0
                case 11 -> text("{\"type\":\"op\",\"doc\":\"" + emojiDoc + "\",\"rev\":1,\"op\":" + pick("[2,\"x\",2]", "[1,-1,2]", "[2,-2]",
                        "[4,\"\\ud83d\"]", "[5]", "[-5]", "[3,\"x\"]") + ",\"client\":" + client + ",\"seq\":1}");
                case 12 -> text("{\"type\":\"op\",\"doc\":\"" + emojiDoc + "\",\"rev\":" + (2 + random.nextInt(1000))
                        + ",\"op\":[4,\"x\"],\"client\":" + client + ",\"seq\":1}"); // a revision in the future
                case 13 -> text("{\"type\":\"presence\",\"doc\":" + d + ",\"rev\":0,\"selection\":" + pick("[1]", "[-1,0]", "\"x\"", "[0,0,0]",
                        "[1.5,2]", "{}") + "}");
                case 14 -> text("{\"type\":\"presence\",\"doc\":\"" + emojiDoc + "\",\"rev\":" + pick("99", "1000000", "-2") + ",\"selection\":[0,0]}");
                case 15 -> text("{\"type\":\"leave\",\"doc\":\"never-joined-" + random.nextInt(1000) + "\"}");
                case 16 -> text("{\"type\":\"op\",\"doc\":\"not-joined-" + random.nextInt(1000) + "\",\"rev\":0,\"op\":[\"x\"],\"client\":"
                        + client + ",\"seq\":1}");
                case 17 -> large < 5 ? largeFrame() : text("{\"type\":\"ping\"" + junk(3).replace('}', ']')); // never closed
                case 18 -> new Frame("{\"type\":\"ping\"}", true); // binary frames are refused
                default -> text("{\"type\":\"join\",\"doc\":" + d + "}"); // already joined
            };
        }

        private Frame largeFrame() {
            large++;
            return text("{\"type\":\"op\",\"doc\":\"" + doc + "\",\"rev\":0,\"op\":[\"" + "x".repeat(1_100_000)
                    + "\"],\"client\":\"big\",\"seq\":1}");
        }

        private Frame text(String text) {
            return new Frame(text, false);
        }

        private String pick(String... options) {
            return options[random.nextInt(options.length)];
        }

        private String junk(int length) {
            StringBuilder out = new StringBuilder();
            String alphabet = "{}[]\":,0123456789abcdefé😀\\ ";
            for (int i = 0; i < length; i++) {
                out.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            return out.toString();
        }
    }
}
