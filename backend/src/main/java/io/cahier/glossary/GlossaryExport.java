package io.cahier.glossary;

import java.time.Instant;
import java.util.List;

/**
 * A glossary as a Markdown appendix for a paper, or as SKOS in Turtle for other tools.
 *
 * <p>SKOS: one {@code skos:Concept} per entry in the glossary's {@code skos:ConceptScheme}, the
 * term as {@code skos:prefLabel} and every alias as {@code skos:altLabel}, each with its language
 * tag. SKOS has one definition per concept; Cahier keeps one per perspective and keeps them
 * distinguishable: each perspective's definition is a {@code skos:definition} whose value is a
 * resource with {@code rdf:value} (the text, language-tagged), {@code dcterms:audience} (the
 * perspective, e.g. {@code <…/perspectives/jurist>}, itself a {@code skos:Concept} labelled with
 * its code), {@code dcterms:creator} and {@code dcterms:modified}. The gap note is a
 * {@code skos:scopeNote}, the status {@code cahier:status}, examples {@code skos:example}, sources
 * {@code dcterms:source}.
 */
public final class GlossaryExport {

    private GlossaryExport() {
    }

    public static String markdown(Glossary glossary, List<Entry> entries) {
        StringBuilder md = new StringBuilder("# ").append(glossary.name()).append("\n\n");
        for (Entry entry : entries) {
            EntryFields f = entry.fields();
            md.append("## ").append(f.term()).append("\n\n");
            if (!f.aliases().isEmpty()) {
                md.append("*").append(String.join(", ", f.aliases().stream().map(a -> a.label() + " (" + a.lang() + ")").toList()))
                        .append("*\n\n");
            }
            md.append("Statut / Status: **").append(f.status().code()).append("**\n\n");
            for (Definition d : entry.definitions()) {
                md.append("- **").append(d.perspective()).append("** — ").append(d.text().replace("\n", "\n  ")).append("\n");
            }
            if (!entry.definitions().isEmpty()) {
                md.append("\n");
            }
            if (!f.gapNote().isEmpty()) {
                md.append("> ").append(f.gapNote().replace("\n", "\n> ")).append("\n\n");
            }
            for (String example : f.examples()) {
                md.append("Exemple / Example: ").append(example).append("\n\n");
            }
            for (String source : f.sources()) {
                md.append("Source: ").append(source).append("\n\n");
            }
        }
        return md.toString();
    }

    /** SKOS in Turtle; {@code base} is the public URL of the server (concept IRIs live under it). */
    public static String skos(Glossary glossary, List<Entry> entries, String base) {
        String scheme = base + "/glossaries/" + glossary.id();
        StringBuilder ttl = new StringBuilder()
                .append("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n")
                .append("@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n")
                .append("@prefix dcterms: <http://purl.org/dc/terms/> .\n")
                .append("@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n")
                .append("@prefix cahier: <").append(base).append("/ns#> .\n\n")
                .append(iri(scheme)).append(" a skos:ConceptScheme ;\n    skos:prefLabel ").append(literal(glossary.name(), null)).append(" .\n");
        java.util.Set<String> perspectives = new java.util.TreeSet<>();
        for (Entry entry : entries) {
            EntryFields f = entry.fields();
            ttl.append("\n").append(iri(scheme + "#" + entry.id())).append(" a skos:Concept ;\n")
                    .append("    skos:inScheme ").append(iri(scheme)).append(" ;\n")
                    .append("    skos:prefLabel ").append(literal(f.term(), f.lang()));
            for (EntryFields.Alias alias : f.aliases()) {
                ttl.append(" ;\n    skos:altLabel ").append(literal(alias.label(), alias.lang()));
            }
            ttl.append(" ;\n    cahier:status ").append(literal(f.status().code(), null));
            if (!f.gapNote().isEmpty()) {
                ttl.append(" ;\n    skos:scopeNote ").append(literal(f.gapNote(), f.lang()));
            }
            for (String example : f.examples()) {
                ttl.append(" ;\n    skos:example ").append(literal(example, f.lang()));
            }
            for (String source : f.sources()) {
                ttl.append(" ;\n    dcterms:source ").append(literal(source, null));
            }
            for (Definition d : entry.definitions()) {
                perspectives.add(d.perspective());
                ttl.append(" ;\n    skos:definition [\n        rdf:value ").append(literal(d.text(), f.lang()))
                        .append(" ;\n        dcterms:audience ").append(iri(base + "/perspectives/" + d.perspective()))
                        .append(" ;\n        dcterms:creator ").append(literal(d.authorName(), null))
                        .append(" ;\n        dcterms:modified ").append(literal(Instant.ofEpochMilli(d.time()).toString(), null))
                        .append("^^xsd:dateTime\n    ]");
            }
            ttl.append(" .\n");
        }
        for (String perspective : perspectives) {
            ttl.append("\n").append(iri(base + "/perspectives/" + perspective)).append(" a skos:Concept ;\n    skos:notation ")
                    .append(literal(perspective, null)).append(" .\n");
        }
        return ttl.toString();
    }

    private static String iri(String value) {
        StringBuilder out = new StringBuilder("<");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || "<>\"{}|^`\\".indexOf(c) >= 0) {
                out.append(String.format("%%%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('>').toString();
    }

    /** A Turtle long-quoted-safe string literal, with a language tag when {@code lang} is given. */
    private static String literal(String text, String lang) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        out.append('"');
        if (lang != null) {
            out.append('@').append(lang);
        }
        return out.toString();
    }
}
