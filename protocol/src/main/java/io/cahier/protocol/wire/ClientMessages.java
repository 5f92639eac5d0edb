package io.cahier.protocol.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cahier.protocol.ot.InvalidOperationException;
import io.cahier.protocol.ot.TextOperation;
import io.cahier.protocol.ot.TextOperationJson;

/** Decodes and validates client frames; anything malformed is a {@link WireException}. */
public final class ClientMessages {

    /** Largest integer a JavaScript client can send exactly. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    public static final int MAX_CLIENT_ID = 64;
    public static final int MAX_DOC_ID = 128;

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxNumberLength(32).build());
    }

    private ClientMessages() {
    }

    public static ClientMessage decode(String frame) {
        JsonNode root;
        try {
            root = JSON.readTree(frame);
        } catch (JsonProcessingException e) {
            throw WireException.badMessage("the frame is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw WireException.badMessage("a frame must be a JSON object with a string field \"type\"");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            throw WireException.badMessage("a frame must have a string field \"type\"");
        }
        return switch (type.textValue()) {
            case "join" -> new ClientMessage.Join(doc(root), root.hasNonNull("rev") ? revision(root, "rev") : null,
                    root.hasNonNull("client") ? clientId(root) : null);
            case "op" -> op(root);
            case "presence" -> new ClientMessage.Presence(doc(root), revision(root, "rev"), selection(root));
            case "leave" -> new ClientMessage.Leave(doc(root));
            case "ping" -> new ClientMessage.Ping();
            case "watch" -> new ClientMessage.Watch(glossary(root));
            case "unwatch" -> new ClientMessage.Unwatch(glossary(root));
            default -> throw WireException.badMessage("unknown message type \"" + truncate(type.textValue()) + "\"");
        };
    }

    private static ClientMessage.Op op(JsonNode root) {
        String doc = doc(root);
        long rev = revision(root, "rev");
        String client = clientId(root);
        JsonNode seqNode = root.get("seq");
        if (seqNode == null || !seqNode.isIntegralNumber() || !seqNode.canConvertToLong()
                || seqNode.longValue() < 1 || seqNode.longValue() > MAX_SAFE_INTEGER) {
            throw new WireException("bad-message", "field \"seq\" must be an integer from 1 to 2^53-1", doc, null, null);
        }
        long seq = seqNode.longValue();
        JsonNode opNode = root.get("op");
        if (opNode == null || opNode.isNull()) {
            throw new WireException("bad-message", "field \"op\" is required: the operation, an array of components", doc, seq, null);
        }
        TextOperation op;
        try {
            op = TextOperationJson.fromJson(opNode);
        } catch (InvalidOperationException e) {
            throw new WireException("bad-op", e.getMessage(), doc, seq, e.reason().code());
        }
        return new ClientMessage.Op(doc, rev, op, client, seq);
    }

    private static String glossary(JsonNode root) {
        JsonNode glossary = root.get("glossary");
        if (glossary == null || !glossary.isTextual() || glossary.textValue().isEmpty() || glossary.textValue().length() > MAX_DOC_ID) {
            throw WireException.badMessage("field \"glossary\" must be a glossary id (a string of 1 to " + MAX_DOC_ID + " characters)");
        }
        return glossary.textValue();
    }

    private static String doc(JsonNode root) {
        JsonNode doc = root.get("doc");
        if (doc == null || !doc.isTextual() || doc.textValue().isEmpty() || doc.textValue().length() > MAX_DOC_ID) {
            throw WireException.badMessage("field \"doc\" must be a document id (a string of 1 to " + MAX_DOC_ID + " characters)");
        }
        return doc.textValue();
    }

    private static long revision(JsonNode root, String field) {
        JsonNode rev = root.get(field);
        if (rev == null || !rev.isIntegralNumber() || !rev.canConvertToLong()
                || rev.longValue() < 0 || rev.longValue() > MAX_SAFE_INTEGER) {
            throw new WireException("bad-message", "field \"" + field + "\" must be an integer from 0 to 2^53-1",
                    root.path("doc").isTextual() ? root.get("doc").textValue() : null, null, null);
        }
        return rev.longValue();
    }

    private static String clientId(JsonNode root) {
        JsonNode client = root.get("client");
        if (client == null || !client.isTextual() || client.textValue().isEmpty()
                || client.textValue().length() > MAX_CLIENT_ID) {
            throw WireException.badMessage("field \"client\" must be a string of 1 to " + MAX_CLIENT_ID + " characters");
        }
        return client.textValue();
    }

    private static ClientMessage.Selection selection(JsonNode root) {
        if (!root.has("selection")) {
            throw WireException.badMessage("field \"selection\" is required: [anchor, head] or null");
        }
        JsonNode selection = root.get("selection");
        if (selection.isNull()) {
            return null;
        }
        if (!selection.isArray() || selection.size() != 2 || !isPosition(selection.get(0)) || !isPosition(selection.get(1))) {
            throw WireException.badMessage("field \"selection\" must be [anchor, head] (two non-negative integers) or null");
        }
        return new ClientMessage.Selection(selection.get(0).intValue(), selection.get(1).intValue());
    }

    private static boolean isPosition(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= 0;
    }

    private static String truncate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
