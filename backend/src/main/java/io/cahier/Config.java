package io.cahier;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Cahier's settings, from environment variables ({@code CAHIER_PORT}) or the same as command-line
 * flags ({@code --port}); a flag wins over the variable. Defaults serve one workshop on a laptop.
 */
public record Config(int port, Path dataDir, String publicUrl, int maxFrameBytes, double opRate, double opBurst,
        long docIdleMillis, int snapshotEvery, int eventLoops, String dbUrl, int dbPoolSize, String nodeId,
        int sessionDays) {

    public static final int DEFAULT_PORT = 8080;

    /** Behind TLS (an https public URL) cookies are marked Secure: they never travel in clear. */
    public boolean secureCookies() {
        return publicUrl.startsWith("https:");
    }

    public static Config from(Map<String, String> env, String[] args) {
        Map<String, String> flags = parseFlags(args);
        int port = integer("port", flags, env, DEFAULT_PORT, 0, 65535);
        Path dataDir = Path.of(setting("data-dir", flags, env, "./cahier-data"));
        String publicUrl = setting("public-url", flags, env, "http://localhost:" + port);
        int maxFrame = integer("max-frame", flags, env, 1 << 20, 1024, 64 << 20);
        int opRate = integer("op-rate", flags, env, 100, 1, 100_000);
        int opBurst = integer("op-burst", flags, env, 400, 1, 1_000_000);
        int idleSeconds = integer("doc-idle-seconds", flags, env, 60, 1, 86_400);
        int snapshotEvery = integer("snapshot-every", flags, env, 200, 1, 1_000_000);
        // One core is left to the kernel's networking, the blocking store writer and the garbage
        // collector (measured on 2 cores: one event loop gave p99 125 ms for 400 typists on one
        // document against 171 ms with two, and used less CPU).
        int eventLoops = integer("event-loops", flags, env, Math.max(1, Runtime.getRuntime().availableProcessors() - 1), 1, 1024);
        // Empty means the embedded SQLite store in the data directory.
        String dbUrl = setting("db-url", flags, env, "").strip();
        if (!dbUrl.isEmpty()) {
            io.cahier.storage.Database.pgOptions(dbUrl); // refuses a malformed URL now, with a message that shows the form
        }
        int dbPoolSize = integer("db-pool-size", flags, env, 8, 1, 1000);
        String nodeId = setting("node-id", flags, env, defaultNodeId()).strip();
        if (!nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("CAHIER_NODE_ID must be 1 to 64 letters, digits, '.', '_' or '-', not \"" + nodeId + "\"");
        }
        int sessionDays = integer("session-days", flags, env, 14, 1, 365);
        return new Config(port, dataDir, publicUrl, maxFrame, opRate, opBurst, idleSeconds * 1000L, snapshotEvery, eventLoops,
                dbUrl.isEmpty() ? null : dbUrl, dbPoolSize, nodeId, sessionDays);
    }

    /** The host name and a random suffix: unique per process, readable in logs. */
    private static String defaultNodeId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "");
        } catch (java.io.IOException e) {
            host = "node";
        }
        if (host.isEmpty() || host.length() > 40) {
            host = "node";
        }
        return host + "-" + io.cahier.storage.Ids.newId().substring(0, 6);
    }

    private static int integer(String name, Map<String, String> flags, Map<String, String> env, int fallback, int min, int max) {
        String text = setting(name, flags, env, String.valueOf(fallback));
        String variable = "CAHIER_" + name.toUpperCase().replace('-', '_');
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a number from " + min + " to " + max + ", not \"" + text + "\"");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(variable + " must be a number from " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    private static String setting(String name, Map<String, String> flags, Map<String, String> env, String fallback) {
        String flag = flags.get(name);
        if (flag != null) {
            return flag;
        }
        String variable = env.get("CAHIER_" + name.toUpperCase().replace('-', '_'));
        return variable != null && !variable.isBlank() ? variable : fallback;
    }

    private static Map<String, String> parseFlags(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument \"" + arg + "\"; settings are --name value or --name=value");
            }
            String name = arg.substring(2);
            int equals = name.indexOf('=');
            if (equals >= 0) {
                flags.put(name.substring(0, equals), name.substring(equals + 1));
            } else if (i + 1 < args.length) {
                flags.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return flags;
    }
}
