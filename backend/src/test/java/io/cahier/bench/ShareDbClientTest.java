package io.cahier.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cahier.protocol.ot.TextOperation;
import org.junit.jupiter.api.Test;

/** The benchmark's ShareDB client writes and reads ot-text-unicode operations as ShareDB does. */
class ShareDbClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anOperationLeavesItsTrailingSkipOutAndDeletesAsObjects() {
        TextOperation op = TextOperation.builder().retain(3).insert("ab").delete(2).retain(4).build();
        assertEquals("[3,\"ab\",{\"d\":2}]", ShareDbClient.toShareDb(op).toString());
        assertEquals("[\"x\"]", ShareDbClient.toShareDb(TextOperation.insertAt(5, 0, "x")).toString());
    }

    @Test
    void anOperationFromShareDbRetainsTheRestOfTheText() throws Exception {
        TextOperation op = ShareDbClient.fromShareDb(JSON.readTree("[2,{\"d\":1},\"xy\"]"), 6);
        assertEquals("abxydef", op.apply("abcdef"));
        assertEquals(6, op.baseLength());
        // ShareDB may name what it deletes instead of counting it
        assertEquals("af", ShareDbClient.fromShareDb(JSON.readTree("[1,{\"d\":\"bcde\"}]"), 6).apply("abcdef"));
    }

    @Test
    void anOperationRoundTrips() throws Exception {
        TextOperation op = TextOperation.deleteAt(10, 4, 1);
        assertEquals(op, ShareDbClient.fromShareDb(JSON.readTree(ShareDbClient.toShareDb(op).toString()), 10));
    }

    @Test
    void anOperationLongerThanTheTextIsRefused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> ShareDbClient.fromShareDb(JSON.readTree("[7,\"x\"]"), 6));
    }
}
