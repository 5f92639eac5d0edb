package io.cahier.sync;

import io.vertx.core.json.JsonObject;

/**
 * Where a document tells the other nodes who is on it here and where their carets are (a cluster
 * on PostgreSQL); on a single node nobody listens and nothing is sent.
 */
interface PresenceRelay {

    PresenceRelay NONE = (doc, event) -> { };

    /** {@code event}: {@code kind} (hello, joined, left, presence) and its fields; the relay adds the node. */
    void publish(String doc, JsonObject event);
}
