package io.cahier.sync;

import io.cahier.protocol.wire.ClientMessage.Selection;
import io.cahier.protocol.wire.ServerMessages.User;

/**
 * One connection's subscription to one live document. Touched only on the document's context.
 * {@code client} is the client-instance id the connection uses for this document: its ops are
 * acknowledged to it, everyone else receives them.
 */
final class Subscriber {

    final Connection connection;
    final User user;
    String client;
    Selection selection;
    long selectionRev;

    Subscriber(Connection connection, User user, String client) {
        this.connection = connection;
        this.user = user;
        this.client = client;
    }
}
