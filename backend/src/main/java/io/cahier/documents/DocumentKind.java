package io.cahier.documents;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of document, each starting from its own Markdown template. */
public enum DocumentKind {
    PAPER("paper", """
            # Changement de paradigme — Paradigm shift

            ## De … → À … / From … → To …

            - **De / From :** comment on pense et agit aujourd'hui
            - **À / To :** ce vers quoi l'on veut aller

            ## Pourquoi / Why

            Les constats, les tensions et les signaux faibles qui rendent ce changement nécessaire.

            ## Ce qui change / What changes

            - pour les collectivités / for local authorities :
            - pour les habitants / for inhabitants :
            - pour les acteurs économiques / for economic actors :

            ## Exemples et expérimentations liées / Examples and related experiments

            ## Vocabulaire à clarifier / Terms to clarify
            """),
    EXPERIMENT_SPEC("experiment-spec", """
            # Expérimentation — Experiment

            | Champ / Field | Valeur / Value |
            | --- | --- |
            | Territoire / Territory | |
            | Durée / Duration | 4–5 mois / months |
            | Statut / Status | en préparation / in preparation |

            ## Hypothèse / Hypothesis

            Si … alors … parce que … / If … then … because …

            ## Protocole / Protocol

            1. Étapes, calendrier et lieux / Steps, calendar and places

            ## Parties prenantes / Stakeholders

            - Porteur / Lead :
            - Partenaires / Partners :
            - Habitants et usagers / Inhabitants and users :

            ## Critères d'évaluation / Evaluation criteria

            - Critère / Criterion — indicateur / indicator — source :

            ## Statut et suites / Status and next steps
            """),
    NOTE("note", "");

    private final String code;
    private final String template;

    DocumentKind(String code, String template) {
        this.code = code;
        this.template = template;
    }

    public String code() {
        return code;
    }

    /** The Markdown a new document of this kind starts with; empty for a note. */
    public String template() {
        return template;
    }

    public static Optional<DocumentKind> fromCode(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
    }
}
