package io.cahier.glossary;

import io.cahier.http.CahierException;

/**
 * Where a term stands between the disciplines. {@code contested} is a legitimate final state: the
 * point of a shared vocabulary is to compare the gaps, not to force agreement.
 */
public enum EntryStatus {
    EMERGING("emerging"),
    CONTESTED("contested"),
    SHARED("shared");

    private final String code;

    EntryStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static EntryStatus fromCode(String code) {
        for (EntryStatus status : values()) {
            if (status.code.equals(code)) {
                return status;
            }
        }
        throw CahierException.badRequest("status must be one of emerging, contested, shared, not \"" + code + "\"");
    }
}
