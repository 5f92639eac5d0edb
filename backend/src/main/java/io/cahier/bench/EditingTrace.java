package io.cahier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A sequential editing history from {@code shared/data/editing-traces} (josephg/editing-traces and
 * automerge-perf, CC BY 4.0): every patch {@code [pos, deleted, inserted]} flattened in order.
 */
record EditingTrace(String name, String startContent, String endContent, int[] positions, int[] deleted,
        String[] inserted) {

    int patches() {
        return positions.length;
    }

    static EditingTrace read(Path file) throws IOException {
        JsonNode root;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            root = new ObjectMapper().readTree(in);
        }
        int count = 0;
        for (JsonNode txn : root.get("txns")) {
            count += txn.get("patches").size();
        }
        int[] positions = new int[count];
        int[] deleted = new int[count];
        String[] inserted = new String[count];
        int i = 0;
        for (JsonNode txn : root.get("txns")) {
            for (JsonNode patch : txn.get("patches")) {
                positions[i] = patch.get(0).intValue();
                deleted[i] = patch.get(1).intValue();
                inserted[i] = patch.get(2).textValue();
                i++;
            }
        }
        String name = file.getFileName().toString().replace(".json.gz", "");
        return new EditingTrace(name, root.path("startContent").asText(""), root.get("endContent").textValue(),
                positions, deleted, inserted);
    }
}
