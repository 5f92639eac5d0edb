package io.cahier.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.protocol.ot.TextOperation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The client state machine against an in-memory sequencer that follows PROTOCOL.md (transform
 * against the ops since the base revision, dedupe by client and seq, catch-up on a resuming join),
 * with messages delivered in random order per direction and sockets dropped at random moments,
 * including with submissions still travelling to the server. No server process is involved: this
 * checks {@link DocumentSync} and {@link ClientState} alone.
 */
class DocumentSyncSimulationTest {

    private static final String DOC = "d1";

    private record Submit(long rev, TextOperation op, long seq) {
    }

    /** A client and the two directions of its current socket. */
    private static final class Peer {
        final String id;
        final DocumentSync doc;
        final Deque<Submit> toServer = new ArrayDeque<>();
        final Deque<ServerMessage> toClient = new ArrayDeque<>();
        /** Submissions that left before a drop and may still reach the server, late. */
        final Deque<Submit> late = new ArrayDeque<>();
        boolean connected = true;
        long generation = 1;

        Peer(String id) {
            this.id = id;
            this.doc = new DocumentSync(DOC, id, 0);
        }

        void flush() {
            if (connected) {
                DocumentSync.Outgoing out = doc.toSend(generation, 0);
                if (out != null) {
                    toServer.add(new Submit(out.rev(), out.submission().op(), out.submission().seq()));
                }
            }
            doc.settle();
        }
    }

    /** The server side, reduced to what the protocol says about sequencing. */
    private static final class Sequencer {
        String text = "";
        final List<ServerMessage.Op> log = new ArrayList<>();
        final Map<String, Long> held = new HashMap<>();

        void receive(Peer from, Submit submit, List<Peer> peers, boolean senderListening) {
            String key = from.id + "#" + submit.seq();
            Long already = held.get(key);
            if (already != null) {
                if (senderListening) {
                    from.toClient.add(new ServerMessage.Ack(DOC, already, submit.seq()));
                }
                return;
            }
            TextOperation op = submit.op();
            for (long r = submit.rev() + 1; r <= log.size(); r++) {
                op = TextOperation.transform(op, log.get((int) r - 1).op()).aPrime();
            }
            text = op.apply(text);
            long rev = log.size() + 1;
            ServerMessage.Op sequenced = new ServerMessage.Op(DOC, rev, op, from.id, submit.seq(), null);
            log.add(sequenced);
            held.put(key, rev);
            for (Peer peer : peers) {
                if (peer == from && senderListening) {
                    peer.toClient.add(new ServerMessage.Ack(DOC, rev, submit.seq()));
                } else if (peer.connected) {
                    // a late submission came on a socket since closed: the sender's new one gets the op
                    peer.toClient.add(sequenced);
                }
            }
        }

        void join(Peer peer) {
            long from = peer.doc.rev();
            peer.toClient.add(new ServerMessage.Joined(DOC, from, null, (long) log.size(), List.of(), "editor"));
            for (long r = from + 1; r <= log.size(); r++) {
                peer.toClient.add(log.get((int) r - 1));
            }
        }
    }

    @Test
    void clientsConvergeThroughDropsAndLateSubmissions() {
        long base = Long.getLong("cahier.seed", System.nanoTime());
        for (int run = 0; run < 200; run++) {
            try {
                simulate(base + run);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + (base + run) + ": " + e, e);
            }
        }
    }

    private static void simulate(long seed) {
        Random random = new Random(seed);
        String context = "seed " + seed;
        Sequencer server = new Sequencer();
        List<Peer> peers = new ArrayList<>();
        int count = 2 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            Peer peer = new Peer("c" + i);
            peer.doc.onJoined(new ServerMessage.Joined(DOC, 0, "", null, List.of(), "editor"));
            peers.add(peer);
        }
        for (int step = 0; step < 400; step++) {
            Peer peer = peers.get(random.nextInt(peers.size()));
            int action = random.nextInt(100);
            if (action < 35) {
                peer.doc.localEdit(randomEdit(random, peer.doc.text()), 0);
                peer.flush();
            } else if (action < 60) {
                if (peer.connected && !peer.toServer.isEmpty()) {
                    server.receive(peer, peer.toServer.poll(), peers, true);
                }
            } else if (action < 90) {
                deliver(peer, context);
            } else if (action < 95) {
                if (peer.connected) {
                    drop(peer);
                } else {
                    reconnect(peer, server);
                }
            } else if (!peer.late.isEmpty()) {
                server.receive(peer, peer.late.poll(), peers, false);
            }
        }
        // the network heals: everyone back, everything delivered
        for (Peer peer : peers) {
            if (!peer.connected) {
                reconnect(peer, server);
            }
        }
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Peer peer : peers) {
                while (!peer.late.isEmpty()) {
                    server.receive(peer, peer.late.poll(), peers, false);
                    moved = true;
                }
                while (!peer.toServer.isEmpty()) {
                    server.receive(peer, peer.toServer.poll(), peers, true);
                    moved = true;
                }
                while (!peer.toClient.isEmpty()) {
                    deliver(peer, context);
                    moved = true;
                }
            }
        }
        Map<String, Integer> submissions = new HashMap<>();
        for (ServerMessage.Op op : server.log) {
            submissions.merge(op.client() + "#" + op.seq(), 1, Integer::sum);
        }
        submissions.forEach((key, n) -> assertEquals(1, n, context + ": " + key + " sequenced " + n + " times"));
        for (Peer peer : peers) {
            assertNull(peer.doc.failure(), context + ": " + peer.id);
            assertTrue(peer.doc.isSynchronized(), context + ": " + peer.id + " synchronized");
            assertEquals(server.log.size(), peer.doc.rev(), context + ": " + peer.id + " revision");
            assertEquals(server.text, peer.doc.text(), context + ": " + peer.id + " text");
            for (long seq = 1; seq <= peer.doc.lastSeq(); seq++) {
                assertEquals(1, submissions.getOrDefault(peer.id + "#" + seq, 0),
                        context + ": " + peer.id + " seq " + seq + " in the log");
            }
        }
    }

    private static void deliver(Peer peer, String context) {
        ServerMessage message = peer.toClient.poll();
        if (message == null) {
            return;
        }
        if (message instanceof ServerMessage.Op op) {
            peer.doc.onOp(op, 0);
        } else if (message instanceof ServerMessage.Ack ack) {
            peer.doc.onAck(ack, 0);
        } else if (message instanceof ServerMessage.Joined joined) {
            peer.doc.onJoined(joined);
        } else {
            throw new AssertionError(context + ": unexpected " + message);
        }
        peer.flush();
    }

    /** The socket goes: some of what was sent may still arrive, what was coming back is lost. */
    private static void drop(Peer peer) {
        peer.connected = false;
        peer.late.addAll(peer.toServer);
        peer.toServer.clear();
        peer.toClient.clear();
        peer.doc.connectionLost();
    }

    private static void reconnect(Peer peer, Sequencer server) {
        peer.connected = true;
        peer.generation++;
        server.join(peer);
        peer.flush();
    }

    private static TextOperation randomEdit(Random random, String text) {
        int length = text.length();
        if (length == 0 || random.nextInt(3) > 0) {
            char c = (char) ('a' + random.nextInt(26));
            return TextOperation.insertAt(length, random.nextInt(length + 1), String.valueOf(c));
        }
        int position = random.nextInt(length);
        return TextOperation.deleteAt(length, position, 1 + random.nextInt(Math.min(3, length - position)));
    }
}
