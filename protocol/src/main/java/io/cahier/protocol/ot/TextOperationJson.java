package io.cahier.protocol.ot;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cahier.protocol.ot.InvalidOperationException.Reason;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The wire form of a {@link TextOperation}: a JSON array exactly as ot.js's {@code toJSON()} writes
 * it — a positive integer retains, a non-empty string inserts, a negative integer deletes.
 *
 * <p>Input from the wire is <b>normalised</b> when it is merely non-canonical, as ot.js's
 * {@code fromJSON} does: adjacent components of one kind are merged and an insert that follows a
 * delete is moved before it (the effect is the same). It is <b>refused</b> with
 * {@link Reason#BAD_COMPONENT} when a component means nothing: zero, an empty string, a number that
 * is not an integer or does not fit in 32 bits, or any other JSON value; and with
 * {@link Reason#UNPAIRED_SURROGATE} when an inserted string holds half a surrogate pair.
 */
public final class TextOperationJson {

    private static final com.fasterxml.jackson.core.JsonFactory FACTORY = new com.fasterxml.jackson.core.JsonFactory();

    private TextOperationJson() {
    }

    /** Decodes a wire operation. */
    public static TextOperation fromJson(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new InvalidOperationException(Reason.BAD_COMPONENT, "an operation must be a JSON array");
        }
        TextOperation.Builder builder = TextOperation.builder();
        for (int i = 0; i < node.size(); i++) {
            JsonNode component = node.get(i);
            if (component.isTextual()) {
                String text = component.textValue();
                if (text.isEmpty()) {
                    throw bad(i, "an empty string inserts nothing");
                }
                builder.insert(text);
            } else if (component.isIntegralNumber() && component.canConvertToInt()) {
                int n = component.intValue();
                if (n > 0) {
                    builder.retain(n);
                } else if (n < 0 && n != Integer.MIN_VALUE) {
                    builder.delete(-n);
                } else {
                    throw bad(i, n == 0 ? "zero retains or deletes nothing" : "count out of range");
                }
            } else if (component.isNumber()) {
                throw bad(i, "counts must be integers between -2147483647 and 2147483647, not " + component);
            } else {
                throw bad(i, "expected an integer or a string, not " + component.getNodeType().name().toLowerCase());
            }
        }
        return builder.build();
    }

    private static InvalidOperationException bad(int index, String why) {
        return new InvalidOperationException(Reason.BAD_COMPONENT, "component " + index + ": " + why);
    }

    /** Encodes an operation as a JSON array node. */
    public static ArrayNode toJsonNode(TextOperation op) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(op.size());
        for (int i = 0; i < op.size(); i++) {
            if (op.isInsert(i)) {
                array.add(op.insertText(i));
            } else if (op.isRetain(i)) {
                array.add(op.retainCount(i));
            } else {
                array.add(-op.deleteCount(i));
            }
        }
        return array;
    }

    /** Writes an operation as a JSON array to a streaming generator. */
    public static void write(TextOperation op, JsonGenerator out) throws IOException {
        out.writeStartArray();
        for (int i = 0; i < op.size(); i++) {
            if (op.isInsert(i)) {
                out.writeString(op.insertText(i));
            } else if (op.isRetain(i)) {
                out.writeNumber(op.retainCount(i));
            } else {
                out.writeNumber(-op.deleteCount(i));
            }
        }
        out.writeEndArray();
    }

    /** Encodes an operation as JSON text. */
    public static String toJson(TextOperation op) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = FACTORY.createGenerator(text)) {
            write(op, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
