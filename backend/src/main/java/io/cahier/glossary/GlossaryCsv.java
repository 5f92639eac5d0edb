package io.cahier.glossary;

import io.cahier.http.CahierException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Entries from a CSV file (RFC 4180: commas, double quotes, quoted line breaks; UTF-8, an initial
 * byte-order mark is ignored). The first line names the columns: {@code term} (required),
 * {@code lang}, {@code aliases}, {@code status}, {@code gap_note}, {@code examples},
 * {@code sources} (lists separated by {@code ;}), and one {@code definition:<perspective>}
 * column per discipline, e.g. {@code definition:jurist}. Every row is checked; a file with any bad
 * row imports nothing, and each bad row says what is wrong with it.
 */
public final class GlossaryCsv {

    /** A checked row: its line number in the file (the header is line 1), and either an entry or errors. */
    public record Row(int line, String term, EntryFields fields, Map<String, String> definitions, List<String> errors) {
        JsonObject toJson() {
            JsonObject json = new JsonObject().put("line", line).put("term", term).put("ok", errors.isEmpty());
            if (!errors.isEmpty()) {
                json.put("errors", new JsonArray(new ArrayList<>(errors)));
            }
            return json;
        }
    }

    static final int MAX_ROWS = 2000;
    private static final Set<String> COLUMNS = Set.of("term", "lang", "aliases", "status", "gap_note", "examples", "sources");

    private GlossaryCsv() {
    }

    /** Checks every row; {@code existingTerms} (lower-cased) are terms the glossary already has. */
    public static List<Row> check(String csv, Set<String> existingTerms) {
        List<List<String>> records = parse(csv);
        if (records.isEmpty()) {
            throw CahierException.badRequest("the CSV file is empty: its first line must name the columns (term, …)");
        }
        List<String> header = records.get(0).stream().map(h -> h.strip().toLowerCase(java.util.Locale.ROOT)).toList();
        if (!header.contains("term")) {
            throw CahierException.badRequest("the first line must name the columns and include \"term\"; it has " + header);
        }
        for (String column : header) {
            if (!COLUMNS.contains(column) && !(column.startsWith("definition:") && Perspectives.valid(column.substring(11)))) {
                throw CahierException.badRequest("unknown column \"" + column + "\": columns are " + COLUMNS
                        + " and definition:<perspective> (lowercase letters, digits, dashes)");
            }
        }
        if (records.size() - 1 > MAX_ROWS) {
            throw CahierException.badRequest("at most " + MAX_ROWS + " rows per file, not " + (records.size() - 1));
        }
        List<Row> rows = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>(existingTerms);
        for (int r = 1; r < records.size(); r++) {
            List<String> record = records.get(r);
            if (record.size() == 1 && record.get(0).isBlank()) {
                continue; // an empty line
            }
            rows.add(checkRow(r + 1, header, record, seen));
        }
        return rows;
    }

    private static Row checkRow(int line, List<String> header, List<String> record, Set<String> seen) {
        List<String> errors = new ArrayList<>();
        if (record.size() != header.size()) {
            errors.add("has " + record.size() + " fields, the header names " + header.size());
        }
        JsonObject json = new JsonObject();
        Map<String, String> definitions = new LinkedHashMap<>();
        for (int c = 0; c < Math.min(header.size(), record.size()); c++) {
            String column = header.get(c);
            String value = record.get(c).strip();
            if (value.isEmpty()) {
                continue;
            }
            switch (column) {
                case "gap_note" -> json.put("gapNote", value);
                case "aliases", "examples", "sources" -> json.put(column, list(value));
                default -> {
                    if (column.startsWith("definition:")) {
                        definitions.put(column.substring(11), value);
                    } else {
                        json.put(column, value);
                    }
                }
            }
        }
        String term = json.getString("term");
        EntryFields fields = null;
        try {
            fields = EntryFields.parse(json);
        } catch (CahierException e) {
            errors.add(e.getMessage());
        }
        if (term != null && !seen.add(EntryFields.termKey(term))) {
            errors.add("the term \"" + term.strip() + "\" is already in the glossary or earlier in the file");
        }
        for (Map.Entry<String, String> definition : definitions.entrySet()) {
            if (definition.getValue().length() > Perspectives.MAX_DEFINITION) {
                errors.add("the " + definition.getKey() + " definition is longer than " + Perspectives.MAX_DEFINITION + " characters");
            }
        }
        return new Row(line, term, errors.isEmpty() ? fields : null, definitions, List.copyOf(errors));
    }

    private static JsonArray list(String value) {
        JsonArray items = new JsonArray();
        for (String item : value.split(";")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    /** RFC 4180 records. A quote left open is an error that names the line where it opened. */
    static List<List<String>> parse(String csv) {
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int line = 1;
        int quoteLine = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    quoted = true;
                    quoteLine = line;
                    any = true;
                }
                case ',' -> {
                    record.add(field.toString());
                    field.setLength(0);
                    any = true;
                }
                case '\r' -> {
                    // part of CRLF: the \n ends the record
                }
                case '\n' -> {
                    record.add(field.toString());
                    field.setLength(0);
                    records.add(record);
                    record = new ArrayList<>();
                    any = false;
                    line++;
                }
                default -> {
                    field.append(c);
                    any = true;
                }
            }
        }
        if (quoted) {
            throw CahierException.badRequest("a quoted field opened on line " + quoteLine + " is never closed");
        }
        if (any || field.length() > 0) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
