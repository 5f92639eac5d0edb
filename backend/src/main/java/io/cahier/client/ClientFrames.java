package io.cahier.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cahier.protocol.ot.TextOperation;
import io.cahier.protocol.ot.TextOperationJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The frames a client sends (PROTOCOL.md §4), written as JSON text. */
final class ClientFrames {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ClientFrames() {
    }

    /** A join; {@code rev} null for a fresh join (snapshot), a revision to resume from after a reconnect. */
    static String join(String doc, String client, Long rev) {
        return write(out -> {
            out.writeStringField("type", "join");
            out.writeStringField("doc", doc);
            if (rev != null) {
                out.writeNumberField("rev", rev);
            }
            out.writeStringField("client", client);
        });
    }

    static String op(String doc, long rev, TextOperation op, String client, long seq) {
        return write(out -> {
            out.writeStringField("type", "op");
            out.writeStringField("doc", doc);
            out.writeNumberField("rev", rev);
            out.writeFieldName("op");
            TextOperationJson.write(op, out);
            out.writeStringField("client", client);
            out.writeNumberField("seq", seq);
        });
    }

    /** A caret or selection at {@code rev}; {@code anchor} and {@code head} both negative for "no caret". */
    static String presence(String doc, long rev, int anchor, int head) {
        return write(out -> {
            out.writeStringField("type", "presence");
            out.writeStringField("doc", doc);
            out.writeNumberField("rev", rev);
            out.writeFieldName("selection");
            if (anchor < 0 || head < 0) {
                out.writeNull();
            } else {
                out.writeStartArray();
                out.writeNumber(anchor);
                out.writeNumber(head);
                out.writeEndArray();
            }
        });
    }

    static String leave(String doc) {
        return write(out -> {
            out.writeStringField("type", "leave");
            out.writeStringField("doc", doc);
        });
    }

    static String ping() {
        return "{\"type\":\"ping\"}";
    }

    private interface Fields {
        void write(JsonGenerator out) throws IOException;
    }

    private static String write(Fields fields) {
        StringWriter text = new StringWriter(96);
        try (JsonGenerator out = FACTORY.createGenerator(text)) {
            out.writeStartObject();
            fields.write(out);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
