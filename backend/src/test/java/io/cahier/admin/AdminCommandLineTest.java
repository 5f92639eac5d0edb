package io.cahier.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.testing.HttpCall;
import io.cahier.testing.ServerProcess;
import io.cahier.testing.TestStore;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin command line, run as its own process against the store of a running server process;
 * and the server's whole output, which shows the set-up link once and no password, token or cookie.
 */
@Timeout(300)
class AdminCommandLineTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dataDir;
    @TempDir
    Path logs;

    private record Run(int exit, String out, String err) {
    }

    private Run admin(String stdin, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Admin.class.getName()));
        command.addAll(List.of(args));
        command.addAll(TestStore.flags(dataDir));
        Path out = Files.createTempFile(logs, "admin", ".out");
        Path err = Files.createTempFile(logs, "admin", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the admin command did not finish");
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void createsUsersAndTokensWhileTheServerRuns() throws Exception {
        Path log = logs.resolve("server.log");
        List<String> secrets = new ArrayList<>(List.of(PASSWORD, "wrong password 1", "short"));
        try (ServerProcess server = ServerProcess.start(dataDir, ServerProcess.freePort(), log)) {
            int port = server.port();
            Matcher link = Pattern.compile("Open (http://localhost:" + port + "/setup#([A-Za-z0-9_-]{43})) to create the first facilitator account")
                    .matcher(Files.readString(log));
            assertTrue(link.find(), "the first start prints the set-up link: " + Files.readString(log));
            String setupToken = link.group(2);

            Run created = admin(PASSWORD + "\n", "create-user", "--email", "Ana@Example.org", "--name", "Ana Lopez",
                    "--password-stdin", "--facilitator");
            assertEquals(0, created.exit(), created.err());
            assertFalse(created.err().contains("Exception") || created.err().contains("cahier admin:"), "a success prints no error: " + created.err());
            assertTrue(created.out().contains("created facilitator ana@example.org"), created.out());

            Run duplicate = admin("another password\n", "create-user", "--email", "ana@example.org", "--name", "Ana",
                    "--password-stdin");
            assertEquals(Admin.DUPLICATE, duplicate.exit(), duplicate.err());
            assertTrue(duplicate.err().contains("already exists"), duplicate.err());
            Run weak = admin("short\n", "create-user", "--email", "bo@example.org", "--name", "Bo", "--password-stdin");
            assertEquals(Admin.INVALID, weak.exit(), weak.err());
            assertTrue(weak.err().contains("10 to 1024 characters"), weak.err());
            Run noStdin = admin("", "create-user", "--email", "bo@example.org", "--name", "Bo");
            assertEquals(Admin.USAGE, noStdin.exit(), noStdin.err());
            Run unknown = admin("", "create-token", "--email", "nobody@example.org");
            assertEquals(Admin.UNKNOWN_USER, unknown.exit(), unknown.err());
            for (Run run : List.of(created, duplicate, weak, noStdin, unknown)) {
                for (String secret : secrets) {
                    assertFalse(run.out().contains(secret) || run.err().contains(secret), "the admin command echoed a password");
                }
            }

            Run tokenRun = admin("", "create-token", "--email", "ana@example.org");
            assertEquals(0, tokenRun.exit(), tokenRun.err());
            String token = tokenRun.out().strip();
            secrets.add(token);
            assertTrue(token.matches("ct_[a-kmnp-z2-9]{16}_[A-Za-z0-9_-]{43}"), token);

            HttpCall.Answer me = HttpCall.to(port, "GET", "/api/session").bearer(token).send();
            assertEquals(200, me.status(), me.toString());
            assertEquals("ana@example.org", me.json().getJsonObject("user").getString("email"));
            assertTrue(me.json().getJsonObject("user").getBoolean("facilitator"));
            assertEquals(401, HttpCall.to(port, "POST", "/api/session")
                    .body(new JsonObject().put("email", "ana@example.org").put("password", "wrong password 1")).send().status());
            HttpCall.Answer signedIn = HttpCall.to(port, "POST", "/api/session")
                    .body(new JsonObject().put("email", "ana@example.org").put("password", PASSWORD)).send();
            assertEquals(200, signedIn.status(), "the server signs in the user the command line made: " + signedIn);
            secrets.add(signedIn.sessionCookie());
            secrets.add(signedIn.json().getString("csrfToken"));
            HttpCall.Answer setUp = HttpCall.to(port, "POST", "/api/setup").body(new JsonObject().put("token", setupToken)
                    .put("email", "eve@example.org").put("name", "Eve").put("password", PASSWORD)).send();
            assertEquals(409, setUp.status(), "the set-up link is dead once a user exists: " + setUp);
            assertEquals(401, HttpCall.to(port, "GET", "/api/workspaces").bearer(token + "x").send().status());

            server.terminate(); // SIGTERM: the output is complete once it has stopped
        }
        String output = Files.readString(log);
        assertEquals(1, output.split(Pattern.quote("/setup#"), -1).length - 1, "the set-up link is printed once: " + output);
        for (String secret : secrets) {
            assertFalse(output.contains(secret), "the server's output shows a secret: " + output.replace(secret, "<secret>"));
        }
    }
}
