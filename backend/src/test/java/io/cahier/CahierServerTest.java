package io.cahier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class CahierServerTest {

    private CahierServer server;
    private HttpClient http;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx, @TempDir Path dataDir) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--port", "0"));
        args.addAll(io.cahier.testing.TestStore.flags(dataDir));
        Config config = Config.from(Map.of(), args.toArray(String[]::new));
        server = new CahierServer(config);
        http = vertx.createHttpClient();
        vertx.deployVerticle(server).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void healthSaysUp(VertxTestContext ctx) {
        http.request(HttpMethod.GET, server.port(), "localhost", "/health")
                .compose(req -> req.send())
                .compose(res -> {
                    assertEquals(200, res.statusCode());
                    assertTrue(res.getHeader("content-type").startsWith("application/json"));
                    return res.body();
                })
                .onComplete(ctx.succeeding(body -> ctx.verify(() -> {
                    assertEquals("up", new JsonObject(body).getString("status"));
                    ctx.completeNow();
                })));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/d/some-document-id", "/signin", "/setup", "/g/some-glossary", "/g/some-glossary/compare"})
    void servesTheWebClient(String path, VertxTestContext ctx) {
        http.request(HttpMethod.GET, server.port(), "localhost", path)
                .compose(req -> req.send())
                .compose(res -> {
                    assertEquals(200, res.statusCode());
                    return res.body();
                })
                .onComplete(ctx.succeeding(body -> ctx.verify(() -> {
                    assertTrue(body.toString().contains("Cahier"), "the built index.html is served");
                    ctx.completeNow();
                })));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/d/", "/w/some-workspace/extra"})
    void anUnknownPageIsTheClientsNotFoundPageAsA404(String path, VertxTestContext ctx) {
        http.request(HttpMethod.GET, server.port(), "localhost", path)
                .compose(req -> req.putHeader("accept", "text/html,application/xhtml+xml,*/*;q=0.8").send())
                .compose(res -> {
                    assertEquals(404, res.statusCode());
                    assertTrue(res.getHeader("content-type").startsWith("text/html"), res.getHeader("content-type"));
                    return res.body();
                })
                .onComplete(ctx.succeeding(body -> ctx.verify(() -> {
                    assertTrue(body.toString().contains("id=\"main\""), "the web client's page, which says the page does not exist");
                    ctx.completeNow();
                })));
    }

    @Test
    void unknownPathIs404(VertxTestContext ctx) {
        http.request(HttpMethod.GET, server.port(), "localhost", "/no-such-thing")
                .compose(req -> req.send())
                .onComplete(ctx.succeeding(res -> ctx.verify(() -> {
                    assertEquals(404, res.statusCode());
                    ctx.completeNow();
                })));
    }
}
