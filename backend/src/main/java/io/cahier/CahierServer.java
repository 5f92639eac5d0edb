package io.cahier;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/** The HTTP server of one node: health, and the built web client from the jar's {@code webroot/}. */
public final class CahierServer extends VerticleBase {

    private final Config config;
    private HttpServer server;

    public CahierServer(Config config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/health").handler(this::health);
        router.route().handler(StaticHandler.create("webroot"));
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(config.port())
                .onSuccess(s -> server = s);
    }

    private void health(RoutingContext ctx) {
        JsonObject body = new JsonObject()
                .put("status", "up")
                .put("version", Main.version());
        ctx.response().putHeader("content-type", "application/json").end(body.encode());
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return server.actualPort();
    }
}
