package io.cahier.sync;

import java.nio.charset.StandardCharsets;

/**
 * A text frame on its way to one or many sockets. A broadcast shares one instance between every
 * subscriber, so the frame is encoded to UTF-8 once, not once per socket.
 */
final class OutboundFrame {

    final String text;
    private volatile byte[] utf8;

    OutboundFrame(String text) {
        this.text = text;
    }

    /** The UTF-8 bytes, computed by whichever event loop needs them first (the same either way). */
    byte[] utf8() {
        byte[] bytes = utf8;
        if (bytes == null) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
            utf8 = bytes;
        }
        return bytes;
    }
}
