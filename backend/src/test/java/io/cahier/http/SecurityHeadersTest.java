package io.cahier.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.testing.HttpCall;
import io.cahier.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every response carries the security headers, and the web client needs no inline script to run under them. */
class SecurityHeadersTest {

    @TempDir
    Path dataDir;

    @Test
    void everyKindOfResponseCarriesTheSecurityHeaders() {
        try (TestServer server = TestServer.start(dataDir)) {
            String doc = server.createDocument("note");
            for (String path : List.of("/", "/health", "/api/workspaces", "/api/documents/" + doc, "/api/documents/nope",
                    "/api/nope", "/d/" + doc, "/setup", "/no-such-file.js", "/ws")) {
                HttpCall.Answer answer = HttpCall.to(server.port(), "GET", path).send();
                assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY, answer.header("Content-Security-Policy"), path);
                assertTrue(SecurityHeaders.CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'"));
                assertTrue(SecurityHeaders.CONTENT_SECURITY_POLICY.contains("script-src 'self';"));
                assertEquals("nosniff", answer.header("X-Content-Type-Options"), path);
                assertEquals("no-referrer", answer.header("Referrer-Policy"), path);
                assertEquals("DENY", answer.header("X-Frame-Options"), path);
            }
            HttpCall.Answer refused = HttpCall.to(server.port(), "GET", "/api/workspaces").bearer("forged").send();
            assertEquals(401, refused.status());
            assertEquals("DENY", refused.header("X-Frame-Options"), "refusals carry them too");
        }
    }

    @Test
    void theWebClientHasNoInlineScript() {
        try (TestServer server = TestServer.start(dataDir)) {
            HttpCall.Answer index = HttpCall.to(server.port(), "GET", "/").send();
            assertEquals(200, index.status());
            Matcher scripts = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE)
                    .matcher(index.text());
            int count = 0;
            while (scripts.find()) {
                count++;
                assertTrue(scripts.group(1).contains("src="), "a script without src is inline: " + scripts.group());
                assertTrue(scripts.group(2).isBlank(), "a script with a body is inline: " + scripts.group());
            }
            assertTrue(count > 0, "the page loads its script from a file");
            assertFalse(index.text().matches("(?is).*\\son[a-z]+\\s*=.*"), "no inline event handler attributes");
            Matcher src = Pattern.compile("<script\\b[^>]*src=\"([^\"]+)\"").matcher(index.text());
            assertTrue(src.find());
            assertEquals(200, HttpCall.to(server.port(), "GET", src.group(1)).send().status(), "the script is served from this origin");
        }
    }
}
