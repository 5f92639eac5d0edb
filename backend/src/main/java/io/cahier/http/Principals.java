package io.cahier.http;

import io.cahier.storage.Ids;
import io.vertx.core.http.HttpServerRequest;
import java.util.Set;

/**
 * Resolves the {@link Principal} of a request: the one place that says who someone is. Until
 * accounts exist (issue "Accounts"), a guest named by the {@code name} and {@code discipline}
 * query parameters (or {@code X-Cahier-Name} / {@code X-Cahier-Discipline} headers).
 */
public final class Principals {

    public static final Set<String> DISCIPLINES =
            Set.of("designer", "jurist", "economist", "public-agent", "researcher", "inhabitant");
    static final int MAX_NAME = 80;

    private Principals() {
    }

    public static Principal resolve(HttpServerRequest request) {
        String name = firstNonBlank(request.getParam("name"), request.getHeader("X-Cahier-Name"));
        String discipline = firstNonBlank(request.getParam("discipline"), request.getHeader("X-Cahier-Discipline"));
        if (name == null) {
            name = "Guest";
        }
        name = name.strip();
        if (name.length() > MAX_NAME) {
            throw CahierException.badRequest("name must be at most " + MAX_NAME + " characters");
        }
        if (discipline != null && !discipline.matches("[a-z][a-z-]{0,39}")) {
            throw CahierException.badRequest("discipline must be a lowercase word such as "
                    + String.join(", ", DISCIPLINES.stream().sorted().toList()));
        }
        return new Principal("guest-" + Ids.newId(), name, discipline, true);
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }
}
