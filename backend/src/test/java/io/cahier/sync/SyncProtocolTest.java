package io.cahier.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.testing.TestServer;
import io.cahier.testing.TestWs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol of PROTOCOL.md, message by message, against a real server and real sockets. */
class SyncProtocolTest {

    @TempDir
    Path dataDir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dataDir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static JsonObject join(String doc) {
        return new JsonObject().put("type", "join").put("doc", doc);
    }

    static JsonObject op(String doc, long rev, JsonArray op, String client, long seq) {
        return new JsonObject().put("type", "op").put("doc", doc).put("rev", rev).put("op", op).put("client", client).put("seq", seq);
    }

    @Test
    void joinAnswersWithTheTemplateTextAtRevisionOne() {
        String doc = server.createDocument("paper");
        try (TestWs ws = server.connect("Camille")) {
            JsonObject joined = ws.send(join(doc)).next("joined");
            assertEquals(doc, joined.getString("doc"));
            assertEquals(1, joined.getLong("rev"));
            assertTrue(joined.getString("text").contains("From … → To …"), joined.getString("text"));
            assertEquals(0, joined.getJsonArray("participants").size());
        }
    }

    @Test
    void opIsAcknowledgedToItsAuthorAndBroadcastToOthers() {
        String doc = server.createDocument("note");
        try (TestWs a = server.connect("Ana"); TestWs b = server.connect("Bruno")) {
            a.send(join(doc).put("client", "ca")).next("joined");
            b.send(join(doc).put("client", "cb")).next("joined");
            a.next("participant");
            a.send(op(doc, 0, new JsonArray().add("Bonjour"), "ca", 1));
            JsonObject ack = a.next("ack");
            assertEquals(1, ack.getLong("rev"));
            assertEquals(1, ack.getLong("seq"));
            JsonObject remote = b.next("op");
            assertEquals(1, remote.getLong("rev"));
            assertEquals(new JsonArray().add("Bonjour"), remote.getJsonArray("op"));
            assertEquals("ca", remote.getString("client"));
            assertEquals(1, remote.getLong("seq"));
            assertEquals("Ana", remote.getJsonObject("author").getString("name"));
            assertTrue(a.drain().stream().noneMatch(f -> "op".equals(f.getString("type"))), "the author gets an ack, not an op");
            assertEquals("Bonjour", server.text(doc));
        }
    }

    @Test
    void concurrentOperationsAreTransformedAndConverge() {
        String doc = server.createDocument("note");
        try (TestWs a = server.connect("Ana"); TestWs b = server.connect("Bruno")) {
            a.send(join(doc).put("client", "ca")).next("joined");
            a.send(op(doc, 0, new JsonArray().add("abc"), "ca", 1)).next("ack");
            b.send(join(doc).put("client", "cb")).next("joined");
            // both edit revision 1 at once
            a.send(op(doc, 1, new JsonArray().add(1).add("X").add(2), "ca", 2));
            b.send(op(doc, 1, new JsonArray().add(3).add("Y"), "cb", 1));
            a.next("ack");
            b.next("ack");
            assertEquals("aXbcY", server.text(doc));
            JsonObject log = server.get("/api/documents/" + doc + "/ops?from=1").json();
            assertEquals(3, log.getJsonArray("ops").size());
        }
    }

    @Test
    void resubmissionIsAcknowledgedWithItsRevisionAndAppliedOnce() {
        String doc = server.createDocument("note");
        try (TestWs a = server.connect("Ana")) {
            a.send(join(doc).put("client", "ca")).next("joined");
            a.send(op(doc, 0, new JsonArray().add("once"), "ca", 1)).next("ack");
            a.send(op(doc, 0, new JsonArray().add("once"), "ca", 1));
            JsonObject again = a.next("ack");
            assertEquals(1, again.getLong("rev"));
            assertEquals("once", server.text(doc));
        }
        // and after a reconnect, from a new connection
        try (TestWs again = server.connect("Ana")) {
            again.send(new JsonObject().put("type", "join").put("doc", doc).put("rev", 1).put("client", "ca")).next("joined");
            again.send(op(doc, 0, new JsonArray().add("once"), "ca", 1));
            assertEquals(1, again.next("ack").getLong("rev"));
            assertEquals("once", server.text(doc));
        }
    }

    @Test
    void joinWithRevisionReplaysTheMissedOperations() {
        String doc = server.createDocument("note");
        try (TestWs a = server.connect("Ana")) {
            a.send(join(doc).put("client", "ca")).next("joined");
            a.send(op(doc, 0, new JsonArray().add("a"), "ca", 1)).next("ack");
            a.send(op(doc, 1, new JsonArray().add(1).add("b"), "ca", 2)).next("ack");
            a.send(op(doc, 2, new JsonArray().add(2).add("c"), "ca", 3)).next("ack");
        }
        try (TestWs b = server.connect("Bruno")) {
            JsonObject joined = b.send(new JsonObject().put("type", "join").put("doc", doc).put("rev", 1)).next("joined");
            assertEquals(1, joined.getLong("rev"));
            assertEquals(3, joined.getLong("head"));
            assertNull(joined.getString("text"));
            assertEquals(2, b.next("op").getLong("rev"));
            assertEquals(3, b.next("op").getLong("rev"));
        }
    }

    @Test
    void presenceIsTransformedToTheLatestRevisionAndClearedOnLeave() {
        String doc = server.createDocument("note");
        try (TestWs a = server.connect("Ana"); TestWs b = server.connect("Bruno")) {
            a.send(join(doc).put("client", "ca")).next("joined");
            a.send(op(doc, 0, new JsonArray().add("hello"), "ca", 1)).next("ack");
            b.send(join(doc).put("client", "cb")).next("joined");
            // b's caret at revision 1, position 5 (end); a inserts at the start meanwhile
            a.send(op(doc, 1, new JsonArray().add(">> ").add(5), "ca", 2)).next("ack");
            b.next("op");
            b.send(new JsonObject().put("type", "presence").put("doc", doc).put("rev", 1).put("selection", new JsonArray().add(5).add(5)));
            JsonObject presence = a.next("presence");
            assertEquals("cb", presence.getString("client"));
            assertEquals(2, presence.getLong("rev"));
            assertEquals(new JsonArray().add(8).add(8), presence.getJsonArray("selection"));
            assertEquals("Bruno", presence.getJsonObject("user").getString("name"));
            b.send(new JsonObject().put("type", "leave").put("doc", doc));
            JsonObject left = a.next(f -> "participant".equals(f.getString("type")) && "left".equals(f.getString("state")), "left");
            assertEquals("left", left.getString("state"));
            JsonObject cleared = a.next("presence");
            assertTrue(cleared.containsKey("selection") && cleared.getValue("selection") == null);
        }
    }

    @Test
    void joinListsParticipantsWithTheirCarets() {
        String doc = server.createDocument("note");
        try (TestWs a = server.connect("Ana", "jurist"); TestWs b = server.connect("Bruno")) {
            a.send(join(doc).put("client", "ca")).next("joined");
            a.send(new JsonObject().put("type", "presence").put("doc", doc).put("rev", 0).put("selection", new JsonArray().add(0).add(0)));
            a.send(new JsonObject().put("type", "ping"));
            a.next("pong");
            JsonObject joined = b.send(join(doc).put("client", "cb")).next("joined");
            JsonArray participants = joined.getJsonArray("participants");
            assertEquals(1, participants.size());
            JsonObject ana = participants.getJsonObject(0);
            assertEquals("ca", ana.getString("client"));
            assertEquals("jurist", ana.getJsonObject("user").getString("discipline"));
            assertEquals(new JsonArray().add(0).add(0), ana.getJsonArray("selection"));
            JsonObject joinedEvent = a.next("participant");
            assertEquals("joined", joinedEvent.getString("state"));
            assertEquals("cb", joinedEvent.getString("client"));
        }
    }

    @Test
    void disconnectLeavesTheDocument() {
        String doc = server.createDocument("note");
        try (TestWs a = server.connect("Ana")) {
            a.send(join(doc).put("client", "ca")).next("joined");
            TestWs b = server.connect("Bruno");
            b.send(join(doc).put("client", "cb")).next("joined");
            a.next("participant");
            b.close();
            JsonObject left = a.next("participant");
            assertEquals("left", left.getString("state"));
            assertEquals("cb", left.getString("client"));
        }
    }

    @Test
    void pingIsAnsweredWithPong() {
        try (TestWs a = server.connect("Ana")) {
            assertEquals("pong", a.send("{\"type\":\"ping\"}").next("pong").getString("type"));
            assertFalse(a.isClosed());
        }
    }
}
