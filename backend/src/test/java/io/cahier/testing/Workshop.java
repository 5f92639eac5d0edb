package io.cahier.testing;

import io.cahier.accounts.AccountStore;
import io.cahier.accounts.Accounts;
import io.cahier.accounts.Passwords;
import io.cahier.accounts.User;
import io.cahier.storage.Database;
import io.cahier.storage.Ids;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The people of a test: a facilitator (an account with an API token, one per store, kept across
 * restarts of a server on that store), and guests who join a workspace from an invitation link
 * with a name, as in a workshop. Everything goes through the real server or its real store.
 */
public final class Workshop {

    private static final Map<String, String> FACILITATOR_TOKENS = new ConcurrentHashMap<>();
    private static volatile String passwordHash;

    private Workshop() {
    }

    /** Headers that authenticate with an API token. */
    public static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    /**
     * The API token of the store's facilitator, made straight in the store the first time (the
     * set-up link stays unused, for the tests of the first start).
     */
    public static String facilitatorToken(String storeKey, Vertx vertx, Database database) {
        return FACILITATOR_TOKENS.computeIfAbsent(storeKey, key -> {
            AccountStore store = new AccountStore(database);
            Accounts accounts = new Accounts(vertx, store, Duration.ofDays(14));
            User user = new User(Ids.newId(), "facilitator-" + Ids.newId() + "@test.invalid", "Facilitator", true,
                    System.currentTimeMillis());
            try {
                return store.insertUser(user, hash()).compose(v -> accounts.createToken(user.id(), "tests"))
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).secret();
            } catch (Exception e) {
                throw new AssertionError("could not make the test facilitator", e);
            }
        });
    }

    /**
     * The API token of the facilitator of a server process's store, made by following the set-up
     * link the process printed in {@code log} the first time.
     */
    public static String facilitatorToken(String storeKey, int port, Path log) {
        return FACILITATOR_TOKENS.computeIfAbsent(storeKey, key -> {
            String printed;
            try {
                printed = Files.readString(log);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            String setupToken = io.cahier.CahierServer.setupTokenIn(printed)
                    .orElseThrow(() -> new AssertionError("the server printed no set-up link in " + log));
            HttpCall.Answer setUp = HttpCall.to(port, "POST", "/api/setup").body(new JsonObject().put("token", setupToken)
                    .put("email", "facilitator@test.invalid").put("name", "Facilitator").put("password", "a long test password")).send();
            if (setUp.status() != 201) {
                throw new AssertionError("set-up failed: " + setUp);
            }
            HttpCall.Answer token = HttpCall.to(port, "POST", "/api/tokens").cookie(setUp.sessionCookie())
                    .csrf(setUp.json().getString("csrfToken")).body(new JsonObject().put("label", "tests")).send();
            if (token.status() != 201) {
                throw new AssertionError("no API token: " + token);
            }
            return token.json().getString("token");
        });
    }

    /** A new account (not a facilitator) made straight in the store; its id. */
    public static String account(Vertx vertx, Database database, String email, String name) {
        User user = new User(Ids.newId(), email, name, false, System.currentTimeMillis());
        try {
            new AccountStore(database).insertUser(user, hash()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not make the account " + email, e);
        }
        return user.id();
    }

    /** A new workspace made by the facilitator; its id. */
    public static String createWorkspace(int port, String facilitatorToken, String name) {
        HttpCall.Answer created = HttpCall.to(port, "POST", "/api/workspaces").bearer(facilitatorToken)
                .body(new JsonObject().put("name", name)).send();
        if (created.status() != 201) {
            throw new AssertionError("workspace not created: " + created);
        }
        return created.json().getString("id");
    }

    /** A new invitation link's token, made by the facilitator. */
    public static String invite(int port, String facilitatorToken, String workspace, String role) {
        HttpCall.Answer created = HttpCall.to(port, "POST", "/api/workspaces/" + workspace + "/invitations")
                .bearer(facilitatorToken).body(new JsonObject().put("role", role).put("maxUses", 1000)).send();
        if (created.status() != 201) {
            throw new AssertionError("invitation not created: " + created);
        }
        return created.json().getString("token");
    }

    /** A guest's browser session; {@code cookie} is the Cookie header's value. */
    public record Guest(String id, String name, String cookie, String csrf) {
        /** The headers of the guest's requests and WebSocket upgrades (with the CSRF proof for changes). */
        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Cookie", cookie);
            headers.put("X-CSRF-Token", csrf);
            return headers;
        }
    }

    /** A new guest who joined from the invitation {@code token} with this name and discipline. */
    public static Guest join(int port, String token, String name, String discipline) {
        HttpCall.Answer joined = HttpCall.to(port, "POST", "/api/invitations/" + token + "/redeem")
                .body(new JsonObject().put("name", name).put("discipline", discipline)).send();
        if (joined.status() != 200) {
            throw new AssertionError(name + " could not join: " + joined);
        }
        return new Guest(joined.json().getJsonObject("participant").getString("id"), name, "cahier_session=" + joined.sessionCookie(),
                joined.json().getString("csrfToken"));
    }

    /** The guest also joins the workspace of {@code token}. */
    public static void alsoJoin(int port, Guest guest, String token, String discipline) {
        HttpCall.Answer joined = HttpCall.to(port, "POST", "/api/invitations/" + token + "/redeem").header("Cookie", guest.cookie())
                .csrf(guest.csrf()).body(new JsonObject().put("discipline", discipline)).send();
        if (joined.status() != 200) {
            throw new AssertionError(guest.name() + " could not join another workspace: " + joined);
        }
    }

    private static String hash() {
        if (passwordHash == null) {
            passwordHash = Passwords.hash(Ids.newId()); // once per test JVM: half a second
        }
        return passwordHash;
    }
}
