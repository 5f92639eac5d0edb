package io.cahier.client;

import java.time.Duration;

/**
 * How a {@link SyncClient} behaves around the protocol.
 *
 * @param autoReconnect   reopen the socket by itself after it closes unexpectedly (not after
 *                        {@link SyncClient#close()}, nor after close code 1008), and resume every document
 * @param reconnectDelay  first wait before reconnecting; doubled after each failed attempt (close
 *                        code 4001, slow consumer, reconnects at once)
 * @param reconnectMaxDelay longest wait between attempts
 * @param retryDelay      wait before resending an op refused with {@code rate-limited}, {@code unavailable}
 *                        or {@code internal} (nothing was applied)
 * @param keepAlive       interval of {@code ping} frames; zero for none
 */
public record SyncClientOptions(boolean autoReconnect, Duration reconnectDelay, Duration reconnectMaxDelay,
                                Duration retryDelay, Duration keepAlive) {

    public static SyncClientOptions defaults() {
        return new SyncClientOptions(true, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(25));
    }

    public SyncClientOptions withAutoReconnect(boolean value) {
        return new SyncClientOptions(value, reconnectDelay, reconnectMaxDelay, retryDelay, keepAlive);
    }

    public SyncClientOptions withKeepAlive(Duration value) {
        return new SyncClientOptions(autoReconnect, reconnectDelay, reconnectMaxDelay, retryDelay, value);
    }
}
