package io.cahier;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Cahier's settings, from environment variables ({@code CAHIER_PORT}) or the same as command-line
 * flags ({@code --port}); a flag wins over the variable. Defaults serve one workshop on a laptop.
 */
public record Config(int port, Path dataDir, String publicUrl) {

    public static final int DEFAULT_PORT = 8080;

    public static Config from(Map<String, String> env, String[] args) {
        Map<String, String> flags = parseFlags(args);
        String port = setting("port", flags, env, String.valueOf(DEFAULT_PORT));
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CAHIER_PORT must be a number from 0 to 65535, not \"" + port + "\"");
        }
        if (portNumber < 0 || portNumber > 65535) {
            throw new IllegalArgumentException("CAHIER_PORT must be a number from 0 to 65535, not " + portNumber);
        }
        Path dataDir = Path.of(setting("data-dir", flags, env, "./cahier-data"));
        String publicUrl = setting("public-url", flags, env, "http://localhost:" + portNumber);
        return new Config(portNumber, dataDir, publicUrl);
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
