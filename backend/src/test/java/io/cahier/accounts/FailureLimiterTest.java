package io.cahier.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The counting behind sign-in and set-up rate limits (the per-address sign-in limit of 20 is too slow to reach over HTTP). */
class FailureLimiterTest {

    @Test
    void aKeyIsBlockedAfterItsLimitUntilItsWindowEndsAndOthersAreNot() {
        FailureLimiter limiter = new FailureLimiter(AccountRoutes.FAILURES_PER_ADDRESS, Duration.ofMinutes(1));
        for (int i = 0; i < AccountRoutes.FAILURES_PER_ADDRESS - 1; i++) {
            limiter.failed("10.0.0.1");
        }
        assertEquals(0, limiter.blockedForSeconds("10.0.0.1"), "one failure short of the limit");
        limiter.failed("10.0.0.1");
        long wait = limiter.blockedForSeconds("10.0.0.1");
        assertTrue(wait >= 59 && wait <= 60, "blocked for the rest of the minute: " + wait);
        assertEquals(0, limiter.blockedForSeconds("10.0.0.2"), "other addresses are not");
        limiter.reset("10.0.0.1");
        assertEquals(0, limiter.blockedForSeconds("10.0.0.1"));
    }

    @Test
    void failuresOfAnEndedWindowDoNotCount() throws InterruptedException {
        FailureLimiter limiter = new FailureLimiter(2, Duration.ofMillis(200));
        limiter.failed("k");
        limiter.failed("k");
        assertTrue(limiter.blockedForSeconds("k") > 0);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (limiter.blockedForSeconds("k") > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, limiter.blockedForSeconds("k"), "the window ended");
        limiter.failed("k");
        assertEquals(0, limiter.blockedForSeconds("k"), "a new window starts from one failure");
    }
}
