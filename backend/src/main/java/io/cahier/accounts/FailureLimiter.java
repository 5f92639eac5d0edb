package io.cahier.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Counts failures per key (a client address, an email) in fixed windows: after {@code limit}
 * failures within {@code window}, the key is blocked until its window ends. In memory, per node:
 * enough to make guessing passwords or set-up links hopeless (a cluster of N nodes allows N times
 * as many guesses).
 */
public final class FailureLimiter {

    private record Window(long start, int failures) {
    }

    private final int limit;
    private final long windowMillis;
    private final Cache<String, Window> windows;

    public FailureLimiter(int limit, Duration window) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.windows = Caffeine.newBuilder().expireAfterWrite(window.multipliedBy(2)).maximumSize(100_000).build();
    }

    /** Seconds until {@code key} may try again; 0 when it may now. */
    public long blockedForSeconds(String key) {
        Window window = windows.getIfPresent(key);
        long now = System.currentTimeMillis();
        if (window == null || window.failures() < limit || now - window.start() >= windowMillis) {
            return 0;
        }
        return Math.max(1, (window.start() + windowMillis - now + 999) / 1000);
    }

    public void failed(String key) {
        long now = System.currentTimeMillis();
        windows.asMap().compute(key, (k, window) -> window == null || now - window.start() >= windowMillis
                ? new Window(now, 1) : new Window(window.start(), window.failures() + 1));
    }

    public void reset(String key) {
        windows.invalidate(key);
    }
}
