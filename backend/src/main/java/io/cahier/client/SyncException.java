package io.cahier.client;

/** A refusal from the server that ends what the client was waiting for (a join, a submission). */
public final class SyncException extends RuntimeException {

    private final ServerMessage.Error error;

    public SyncException(ServerMessage.Error error) {
        super(error.code() + (error.doc() != null ? " on " + error.doc() : "")
                + (error.seq() != null ? " for seq " + error.seq() : "") + ": " + error.message()
                + (error.reason() != null ? " (" + error.reason() + ")" : ""));
        this.error = error;
    }

    /** The {@code error} frame, with its stable {@code code}. */
    public ServerMessage.Error error() {
        return error;
    }
}
