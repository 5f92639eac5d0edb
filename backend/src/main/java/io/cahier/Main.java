package io.cahier;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/** Starts one Cahier node: {@code java -jar cahier.jar [--port N] [--data-dir DIR] ...}. */
public final class Main {

    private Main() {
    }

    /**
     * Vert.x with {@code eventLoops} event loops, on Linux's epoll through Netty's native transport
     * (less CPU per WebSocket frame than Java NIO; bundled for x86-64). Elsewhere, or when the
     * native library cannot load, Vert.x runs on NIO and the ready line says why.
     */
    public static io.vertx.core.VertxOptions vertxOptions(int eventLoops) {
        return new io.vertx.core.VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true);
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        Config config;
        try {
            config = Config.from(System.getenv(), args);
        } catch (IllegalArgumentException e) {
            System.err.println("cahier: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Every log line names the node: in a cluster the logs of all nodes end up side by side.
        System.setProperty("java.util.logging.SimpleFormatter.format",
                "%1$tF %1$tT.%1$tL " + config.nodeId() + " %4$s %3$s: %5$s%6$s%n");
        Vertx vertx = Vertx.vertx(vertxOptions(config.eventLoops()));
        CahierServer server = new CahierServer(config);
        vertx.deployVerticle(server).onComplete(deployed -> {
            if (deployed.succeeded()) {
                System.out.printf("Cahier %s node %s ready on http://localhost:%d in %d ms (store %s, %s)%n",
                        version(), config.nodeId(), server.port(), (System.nanoTime() - started) / 1_000_000,
                        config.dbUrl() == null ? "sqlite in " + config.dataDir().toAbsolutePath().normalize()
                                : server.database().describe(),
                        vertx.isNativeTransportEnabled() ? "transport epoll"
                                : "transport NIO: " + vertx.unavailableNativeTransportCause());
            } else {
                System.err.println("cahier: could not start: " + deployed.cause().getMessage());
                vertx.close().onComplete(closed -> System.exit(1));
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.shutdown().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("cahier: shutdown did not finish cleanly: " + e);
            }
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }, "cahier-shutdown"));
    }

    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }
}
