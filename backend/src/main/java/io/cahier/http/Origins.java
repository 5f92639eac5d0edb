package io.cahier.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Which pages may act with a browser's cookie. A browser names the page behind a request in
 * {@code Origin}: it must be Cahier's public address, or the address the request reached (a node
 * reached directly, a development server). No {@code Origin}: not a browser (a program with a
 * token), nothing to protect. Checked on the WebSocket upgrade and on every REST change, so that a
 * page of another site can neither open a socket nor sign someone in, redeem a link or change
 * anything in a browser's name — the CSRF token aside.
 */
public final class Origins {

    private Origins() {
    }

    public static boolean allowed(String origin, String host, String publicOrigin) {
        if (origin == null) {
            return true;
        }
        String normalised = of(origin);
        if (normalised == null) {
            return false;
        }
        if (normalised.equalsIgnoreCase(publicOrigin)) {
            return true;
        }
        int schemeEnd = normalised.indexOf("://");
        return host != null && normalised.substring(schemeEnd + 3).equalsIgnoreCase(host.strip());
    }

    /** {@code scheme://host[:port]} of a URL, the port only when it is not the scheme's default; null if it is not one. */
    public static String of(String url) {
        try {
            URI uri = new URI(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
