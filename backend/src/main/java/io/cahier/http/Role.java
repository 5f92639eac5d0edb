package io.cahier.http;

import java.util.Arrays;
import java.util.Optional;

/**
 * A member's role in a workspace, from the most to the least rights: a facilitator runs the
 * workspace (members, invitations), an editor writes, an annotator comments without editing the
 * text, an observer reads.
 */
public enum Role {
    FACILITATOR("facilitator"),
    EDITOR("editor"),
    ANNOTATOR("annotator"),
    OBSERVER("observer");

    private final String code;

    Role(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<Role> fromCode(String code) {
        return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
    }

    /** The role named {@code field}'s value, else {@code bad-request} naming the four. */
    public static Role parse(Object value, String field) {
        return value instanceof String s ? fromCode(s).orElseThrow(() -> invalid(field)) : throwInvalid(field);
    }

    private static Role throwInvalid(String field) {
        throw invalid(field);
    }

    private static CahierException invalid(String field) {
        return CahierException.badRequest(field + " must be one of facilitator, editor, annotator, observer");
    }

    /** Whether this role allows {@code action} in its workspace. */
    public boolean allows(Access.Action action) {
        return switch (action) {
            case READ -> true;
            case ANNOTATE -> this != OBSERVER;
            case EDIT -> this == EDITOR || this == FACILITATOR;
            case MANAGE -> this == FACILITATOR;
        };
    }
}
