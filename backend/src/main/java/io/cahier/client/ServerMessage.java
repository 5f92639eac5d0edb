package io.cahier.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cahier.protocol.ot.TextOperation;
import io.cahier.protocol.ot.TextOperationJson;
import java.util.ArrayList;
import java.util.List;

/**
 * A frame the server sends, decoded (PROTOCOL.md §5). {@link #parse} never returns null: a frame it
 * cannot read becomes {@link Unreadable}, one of an unknown type {@link Unknown}, so the client can
 * report it instead of failing.
 */
public sealed interface ServerMessage {

    /** A participant as the server describes it; {@code discipline} may be null. */
    record User(String id, String name, String discipline, String role) {
    }

    /** A caret or selection, in UTF-16 positions of the text at some revision. */
    record Selection(int anchor, int head) {
    }

    /** Someone else subscribed to a document, listed in a {@code joined}. */
    record ParticipantInfo(String client, User user, Selection selection) {
    }

    /**
     * The answer to a join: with {@code text} (and {@code head} null) for a fresh join, with
     * {@code head} (and {@code text} null) for a resuming one. {@code role}: the joiner's role.
     */
    record Joined(String doc, long rev, String text, Long head, List<ParticipantInfo> participants, String role)
            implements ServerMessage {
        public boolean resuming() {
            return head != null;
        }
    }

    /** Your operation {@code seq} was sequenced as revision {@code rev}. */
    record Ack(String doc, long rev, long seq) implements ServerMessage {
    }

    /**
     * Operation {@code rev}, to apply at revision {@code rev - 1}; {@code client} and {@code seq} are
     * null for operations that came from a template or an import.
     */
    record Op(String doc, long rev, TextOperation op, String client, Long seq, User author)
            implements ServerMessage {
    }

    /** Another participant's caret at revision {@code rev}; {@code selection} null when they left. */
    record Presence(String doc, String client, User user, long rev, Selection selection) implements ServerMessage {
    }

    /** Someone joined ({@code state} "joined") or left ("left") a document. */
    record Participant(String doc, String client, User user, String state) implements ServerMessage {
    }

    record Pong() implements ServerMessage {
    }

    /** A refusal; {@code doc}, {@code seq} and {@code reason} are null where they do not apply. */
    record Error(String code, String message, String doc, Long seq, String reason) implements ServerMessage {
    }

    /** A well-formed frame of a type this client does not know. */
    record Unknown(String type, String frame) implements ServerMessage {
    }

    /** A frame that is not JSON or lacks a field its type requires. */
    record Unreadable(String frame, String problem) implements ServerMessage {
    }

    static ServerMessage parse(ObjectMapper json, String frame) {
        JsonNode node;
        try {
            node = json.readTree(frame);
        } catch (JsonProcessingException e) {
            return new Unreadable(frame, "not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            return new Unreadable(frame, "not an object with a string \"type\"");
        }
        try {
            return switch (node.get("type").textValue()) {
                case "joined" -> new Joined(text(node, "doc"), number(node, "rev"),
                        node.path("text").isTextual() ? node.get("text").textValue() : null,
                        optionalNumber(node, "head"), participants(node.path("participants")), optionalText(node, "role"));
                case "ack" -> new Ack(text(node, "doc"), number(node, "rev"), number(node, "seq"));
                case "op" -> new Op(text(node, "doc"), number(node, "rev"), TextOperationJson.fromJson(node.get("op")),
                        optionalText(node, "client"), optionalNumber(node, "seq"), user(node.path("author")));
                case "presence" -> new Presence(text(node, "doc"), optionalText(node, "client"), user(node.path("user")),
                        number(node, "rev"), selection(node.path("selection")));
                case "participant" -> new Participant(text(node, "doc"), optionalText(node, "client"),
                        user(node.path("user")), text(node, "state"));
                case "pong" -> new Pong();
                case "error" -> new Error(text(node, "code"), optionalText(node, "message"), optionalText(node, "doc"),
                        optionalNumber(node, "seq"), optionalText(node, "reason"));
                default -> new Unknown(node.get("type").textValue(), frame);
            };
        } catch (RuntimeException e) {
            return new Unreadable(frame, e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("field \"" + field + "\" must be a string");
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToExactIntegral() || !value.isNumber()) {
            throw new IllegalArgumentException("field \"" + field + "\" must be an integer");
        }
        return value.longValue();
    }

    private static Long optionalNumber(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isIntegralNumber() ? value.longValue() : null;
    }

    private static User user(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        return new User(node.path("id").isValueNode() ? node.get("id").asText() : null,
                optionalText(node, "name"), optionalText(node, "discipline"), optionalText(node, "role"));
    }

    private static Selection selection(JsonNode node) {
        if (node.isArray() && node.size() == 2 && node.get(0).isIntegralNumber() && node.get(1).isIntegralNumber()) {
            return new Selection(node.get(0).intValue(), node.get(1).intValue());
        }
        return null;
    }

    private static List<ParticipantInfo> participants(JsonNode node) {
        List<ParticipantInfo> list = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode p : node) {
                list.add(new ParticipantInfo(optionalText(p, "client"), user(p.path("user")),
                        selection(p.path("selection"))));
            }
        }
        return List.copyOf(list);
    }
}
