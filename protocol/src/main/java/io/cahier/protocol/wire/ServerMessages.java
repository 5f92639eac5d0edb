package io.cahier.protocol.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cahier.protocol.ot.TextOperation;
import io.cahier.protocol.ot.TextOperationJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Encodes the frames the server sends (PROTOCOL.md §5), each to a JSON string ready to write. */
public final class ServerMessages {

    private static final JsonFactory FACTORY = new JsonFactory();

    /**
     * A participant as the protocol shows it: {@code {"id","name","discipline","role"}} (the
     * discipline and role they hold in the document's workspace).
     */
    public record User(String id, String name, String discipline, String role) {
    }

    /** An entry of {@code joined.participants}. */
    public record Participant(String client, User user, ClientMessage.Selection selection) {
    }

    private ServerMessages() {
    }

    private interface Body {
        void write(JsonGenerator out) throws IOException;
    }

    private static String frame(String type, Body body) {
        StringWriter text = new StringWriter(64);
        try (JsonGenerator out = FACTORY.createGenerator(text)) {
            out.writeStartObject();
            out.writeStringField("type", type);
            body.write(out);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Answer to a join without rev: the text at {@code rev}; {@code role} is the joiner's. */
    public static String joinedSnapshot(String doc, long rev, String text, List<Participant> participants, String role) {
        return frame("joined", out -> {
            out.writeStringField("doc", doc);
            out.writeNumberField("rev", rev);
            out.writeStringField("text", text);
            writeRole(out, role);
            writeParticipants(out, participants);
        });
    }

    /** Answer to a join with rev: catch-up ops {@code rev+1..head} follow; {@code role} is the joiner's. */
    public static String joinedResume(String doc, long rev, long head, List<Participant> participants, String role) {
        return frame("joined", out -> {
            out.writeStringField("doc", doc);
            out.writeNumberField("rev", rev);
            out.writeNumberField("head", head);
            writeRole(out, role);
            writeParticipants(out, participants);
        });
    }

    private static void writeRole(JsonGenerator out, String role) throws IOException {
        if (role != null) {
            out.writeStringField("role", role);
        }
    }

    public static String ack(String doc, long rev, long seq) {
        return frame("ack", out -> {
            out.writeStringField("doc", doc);
            out.writeNumberField("rev", rev);
            out.writeNumberField("seq", seq);
        });
    }

    public static String op(String doc, long rev, TextOperation op, String client, Long seq, String authorId, String authorName) {
        return frame("op", out -> {
            out.writeStringField("doc", doc);
            out.writeNumberField("rev", rev);
            out.writeFieldName("op");
            TextOperationJson.write(op, out);
            out.writeStringField("client", client);
            if (seq == null) {
                out.writeNullField("seq");
            } else {
                out.writeNumberField("seq", seq);
            }
            out.writeObjectFieldStart("author");
            out.writeStringField("id", authorId);
            out.writeStringField("name", authorName);
            out.writeEndObject();
        });
    }

    public static String presence(String doc, String client, User user, long rev, ClientMessage.Selection selection) {
        return frame("presence", out -> {
            out.writeStringField("doc", doc);
            out.writeStringField("client", client);
            writeUser(out, "user", user);
            out.writeNumberField("rev", rev);
            writeSelection(out, selection);
        });
    }

    public static String participant(String doc, String client, User user, boolean joined) {
        return frame("participant", out -> {
            out.writeStringField("doc", doc);
            out.writeStringField("client", client);
            writeUser(out, "user", user);
            out.writeStringField("state", joined ? "joined" : "left");
        });
    }

    /**
     * A glossary attached to {@code doc} changed ({@code change}: entry, definition, attached,
     * detached, renamed); {@code entry} names the entry when one changed. Clients read the new
     * state over REST.
     */
    /** A glossary changed: told to a document's subscribers ({@code doc}) or to the glossary's watchers ({@code doc} null, absent). */
    public static String glossary(String doc, String glossary, String entry, String change) {
        return frame("glossary", out -> {
            if (doc != null) {
                out.writeStringField("doc", doc);
            }
            out.writeStringField("glossary", glossary);
            out.writeStringField("entry", entry);
            out.writeStringField("change", change);
        });
    }

    /** The answer to {@code watch}: the glossary's changes follow. */
    public static String watching(String glossary) {
        return frame("watching", out -> out.writeStringField("glossary", glossary));
    }

    public static String pong() {
        return "{\"type\":\"pong\"}";
    }

    public static String error(String code, String message, String doc, Long seq, String reason) {
        return frame("error", out -> {
            out.writeStringField("code", code);
            out.writeStringField("message", message);
            if (doc != null) {
                out.writeStringField("doc", doc);
            }
            if (seq != null) {
                out.writeNumberField("seq", seq);
            }
            if (reason != null) {
                out.writeStringField("reason", reason);
            }
        });
    }

    private static void writeParticipants(JsonGenerator out, List<Participant> participants) throws IOException {
        out.writeArrayFieldStart("participants");
        for (Participant p : participants) {
            out.writeStartObject();
            out.writeStringField("client", p.client());
            writeUser(out, "user", p.user());
            writeSelection(out, p.selection());
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    private static void writeUser(JsonGenerator out, String field, User user) throws IOException {
        out.writeObjectFieldStart(field);
        out.writeStringField("id", user.id());
        out.writeStringField("name", user.name());
        out.writeStringField("discipline", user.discipline());
        writeRole(out, user.role());
        out.writeEndObject();
    }

    private static void writeSelection(JsonGenerator out, ClientMessage.Selection selection) throws IOException {
        if (selection == null) {
            out.writeNullField("selection");
        } else {
            out.writeArrayFieldStart("selection");
            out.writeNumber(selection.anchor());
            out.writeNumber(selection.head());
            out.writeEndArray();
        }
    }
}
