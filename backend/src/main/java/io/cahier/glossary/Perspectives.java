package io.cahier.glossary;

import io.cahier.http.CahierException;
import java.util.List;

/**
 * Perspectives are the disciplines whose definitions stand side by side. The six of the
 * programmes are known; a workspace may use others (any lowercase code: letters, digits, dashes).
 */
public final class Perspectives {

    public static final List<String> KNOWN = io.cahier.workspaces.Workspace.DISCIPLINES;
    static final int MAX_DEFINITION = 20_000;

    private Perspectives() {
    }

    static boolean valid(String code) {
        return code != null && code.matches("[a-z][a-z0-9-]{0,39}");
    }

    static String require(String code) {
        if (!valid(code)) {
            throw CahierException.badRequest("a perspective is a lowercase code (letters, digits, dashes; e.g. "
                    + String.join(", ", KNOWN) + "), not \"" + code + "\"");
        }
        return code;
    }

    static String definitionText(Object value) {
        if (!(value instanceof String text)) {
            throw CahierException.badRequest("text is required (a string; empty clears the definition, keeping its history)");
        }
        String stripped = text.strip();
        if (stripped.length() > MAX_DEFINITION) {
            throw CahierException.badRequest("a definition is at most " + MAX_DEFINITION + " characters");
        }
        return stripped;
    }
}
