package io.cahier.glossary;

import io.cahier.http.CahierException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What an entry says besides its definitions: the term and its language, its variants and
 * aliases (other languages, plurals, abbreviations), its status, the note on where the meanings
 * differ and why it matters, examples and sources. Built only through {@link #parse}, which
 * checks everything, so a stored entry is always valid.
 */
public record EntryFields(String term, String lang, List<Alias> aliases, EntryStatus status, String gapNote,
        List<String> examples, List<String> sources) {

    /** A variant of the term, in a language ({@code fr}, {@code en}…). */
    public record Alias(String label, String lang) {
        JsonObject toJson() {
            return new JsonObject().put("label", label).put("lang", lang);
        }
    }

    static final int MAX_TERM = 200;
    static final int MAX_NOTE = 20_000;
    static final int MAX_ITEMS = 100;
    private static final Set<String> FIELDS = Set.of("term", "lang", "aliases", "status", "gapNote", "examples", "sources");

    /** What a term is compared by: "Expérimentation" is "expérimentation" (one entry per term, in any case). */
    static String termKey(String term) {
        return term.strip().toLowerCase(java.util.Locale.ROOT);
    }

    public JsonObject toJson() {
        JsonArray aliasArray = new JsonArray();
        aliases.forEach(a -> aliasArray.add(a.toJson()));
        return new JsonObject().put("term", term).put("lang", lang).put("aliases", aliasArray).put("status", status.code())
                .put("gapNote", gapNote).put("examples", new JsonArray(new ArrayList<>(examples)))
                .put("sources", new JsonArray(new ArrayList<>(sources)));
    }

    /** A new entry's fields from {@code json} (term required; the rest defaults). */
    public static EntryFields parse(JsonObject json) {
        return parse(json, new EntryFields(null, "fr", List.of(), EntryStatus.EMERGING, "", List.of(), List.of()), Set.of("definitions"));
    }

    /**
     * {@code base} with the members {@code json} carries replaced; any member that is not a field
     * nor one of {@code alsoAllowed} is refused, so a typo never passes silently.
     */
    public static EntryFields parse(JsonObject json, EntryFields base, Set<String> alsoAllowed) {
        for (String name : json.fieldNames()) {
            if (!FIELDS.contains(name) && !alsoAllowed.contains(name)) {
                throw CahierException.badRequest("unknown field \"" + name + "\"; an entry has " + String.join(", ", FIELDS));
            }
        }
        String term = json.containsKey("term") ? text(json.getValue("term"), "term", MAX_TERM, false) : base.term();
        if (term == null) {
            throw CahierException.badRequest("term is required (a non-empty string)");
        }
        String lang = json.containsKey("lang") ? language(json.getValue("lang"), "lang") : base.lang();
        List<Alias> aliases = json.containsKey("aliases") ? aliases(json.getValue("aliases"), lang) : base.aliases();
        EntryStatus status = json.containsKey("status") ? EntryStatus.fromCode(String.valueOf(json.getValue("status"))) : base.status();
        String gapNote = json.containsKey("gapNote") ? text(json.getValue("gapNote"), "gapNote", MAX_NOTE, true) : base.gapNote();
        List<String> examples = json.containsKey("examples") ? strings(json.getValue("examples"), "examples") : base.examples();
        List<String> sources = json.containsKey("sources") ? strings(json.getValue("sources"), "sources") : base.sources();
        return new EntryFields(term, lang, aliases, status, gapNote, examples, sources);
    }

    static EntryFields fromJson(JsonObject stored) {
        return parse(stored, null, Set.of());
    }

    private static String text(Object value, String field, int max, boolean emptyAllowed) {
        if (!(value instanceof String text) || (!emptyAllowed && text.isBlank())) {
            throw CahierException.badRequest(field + " must be a " + (emptyAllowed ? "" : "non-empty ") + "string");
        }
        String stripped = text.strip();
        if (stripped.length() > max) {
            throw CahierException.badRequest(field + " must be at most " + max + " characters");
        }
        return stripped;
    }

    private static String language(Object value, String field) {
        if (!(value instanceof String code) || !code.matches("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")) {
            throw CahierException.badRequest(field + " must be a language tag such as fr or en, not " + value);
        }
        return code;
    }

    /** Aliases as strings (in the term's language) or as {label, lang} objects. */
    private static List<Alias> aliases(Object value, String defaultLang) {
        if (!(value instanceof JsonArray array) || array.size() > MAX_ITEMS) {
            throw CahierException.badRequest("aliases must be an array of at most " + MAX_ITEMS + " items");
        }
        List<Alias> aliases = new ArrayList<>();
        for (Object item : array) {
            if (item instanceof String label) {
                aliases.add(new Alias(text(label, "an alias", MAX_TERM, false), defaultLang));
            } else if (item instanceof JsonObject object) {
                aliases.add(new Alias(text(object.getValue("label"), "an alias's label", MAX_TERM, false),
                        object.containsKey("lang") ? language(object.getValue("lang"), "an alias's lang") : defaultLang));
            } else {
                throw CahierException.badRequest("each alias is a string or {\"label\", \"lang\"}");
            }
        }
        return List.copyOf(aliases);
    }

    private static List<String> strings(Object value, String field) {
        if (!(value instanceof JsonArray array) || array.size() > MAX_ITEMS) {
            throw CahierException.badRequest(field + " must be an array of at most " + MAX_ITEMS + " strings");
        }
        List<String> list = new ArrayList<>();
        for (Object item : array) {
            list.add(text(item, "each of " + field, MAX_NOTE, false));
        }
        return List.copyOf(list);
    }
}
