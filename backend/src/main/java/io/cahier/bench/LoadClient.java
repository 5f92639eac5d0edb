package io.cahier.bench;

import io.cahier.client.SyncClient;
import io.cahier.client.SyncEvents;
import io.cahier.protocol.ot.TextOperation;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * One simulated typist's connection, as {@code scripts/bench load} drives it: a Cahier
 * {@link SyncClient} or a {@link ShareDbClient} of the reference server. Both keep one operation
 * outstanding and compose the edits made meanwhile (the ShareDB client only like with like), so
 * the two servers get the same traffic. Everything is measured through the same events.
 */
interface LoadClient {

    /** The identity the server puts on this client's operations ({@code client}, ShareDB's {@code src}). */
    String clientId();

    /** The context the client runs on; {@link Typist} edits from it. */
    Context context();

    /** Connects and joins (subscribes to) {@code doc}; completes when the document's text is here. */
    Future<Void> open(String host, int port, String doc);

    String text(String doc);

    long revision(String doc);

    /** A local edit, called on {@link #context()}. */
    void submit(String doc, TextOperation op);

    /** Completes when {@code doc} has nothing outstanding at revision {@code minRev} or later. */
    Future<Void> whenSynchronized(String doc, long minRev);

    Future<Void> close();

    LoadClient sentHandler(Handler<SyncEvents.Sent> handler);

    LoadClient ackHandler(Handler<SyncEvents.Acknowledged> handler);

    LoadClient remoteOpHandler(Handler<SyncEvents.RemoteOp> handler);

    /** An error from the server or a broken rule of the protocol, described. */
    LoadClient problemHandler(Handler<String> handler);

    LoadClient connectionHandler(Handler<SyncEvents.ConnectionChange> handler);

    /** A Cahier typist: {@code client} connects as whoever {@code credential} proves. */
    static LoadClient cahier(SyncClient client, io.cahier.client.Credential credential) {
        return new LoadClient() {
            @Override
            public String clientId() {
                return client.clientId();
            }

            @Override
            public Context context() {
                return client.context();
            }

            @Override
            public Future<Void> open(String host, int port, String doc) {
                return client.connect(host, port, credential).compose(v -> client.join(doc));
            }

            @Override
            public String text(String doc) {
                return client.text(doc);
            }

            @Override
            public long revision(String doc) {
                return client.revision(doc);
            }

            @Override
            public void submit(String doc, TextOperation op) {
                client.submit(doc, op);
            }

            @Override
            public Future<Void> whenSynchronized(String doc, long minRev) {
                return client.whenSynchronized(doc, minRev);
            }

            @Override
            public Future<Void> close() {
                return client.close();
            }

            @Override
            public LoadClient sentHandler(Handler<SyncEvents.Sent> handler) {
                client.sentHandler(handler);
                return this;
            }

            @Override
            public LoadClient ackHandler(Handler<SyncEvents.Acknowledged> handler) {
                client.ackHandler(handler);
                return this;
            }

            @Override
            public LoadClient remoteOpHandler(Handler<SyncEvents.RemoteOp> handler) {
                client.remoteOpHandler(handler);
                return this;
            }

            @Override
            public LoadClient problemHandler(Handler<String> handler) {
                client.errorHandler(error -> handler.handle("got " + error));
                client.violationHandler(violation -> handler.handle(violation.toString()));
                return this;
            }

            @Override
            public LoadClient connectionHandler(Handler<SyncEvents.ConnectionChange> handler) {
                client.connectionHandler(handler);
                return this;
            }
        };
    }
}
