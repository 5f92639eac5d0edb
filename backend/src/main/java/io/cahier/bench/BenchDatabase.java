package io.cahier.bench;

import io.cahier.storage.Database;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/** A fresh PostgreSQL database for one benchmark run, created on the server {@code --db-url} names and dropped after. */
record BenchDatabase(String adminUrl, String name, String url) {

    static BenchDatabase create(String adminUrl) throws Exception {
        PgConnectOptions admin = Database.pgOptions(adminUrl);
        String name = "cahier_bench_" + io.cahier.storage.Ids.newId();
        execute(adminUrl, "CREATE DATABASE " + name);
        String url = adminUrl.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name);
        System.err.println("load: database " + name + " on " + admin.getHost() + ":" + admin.getPort());
        return new BenchDatabase(adminUrl, name, url);
    }

    void drop() {
        try {
            execute(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (Exception e) {
            System.err.println("load: could not drop database " + name + ": " + e);
        }
    }

    private static void execute(String url, String sql) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = PgBuilder.pool().connectingTo(Database.pgOptions(url)).using(vertx).build();
            pool.query(sql).execute().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            pool.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
