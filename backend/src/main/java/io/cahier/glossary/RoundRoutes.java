package io.cahier.glossary;

import io.cahier.http.Access;
import io.cahier.http.Access.Action;
import io.cahier.http.CahierException;
import io.cahier.http.Principal;
import io.cahier.http.Rest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * REST: vocabulary rounds of a glossary. Facilitators open, reveal, settle and close them;
 * annotators, editors and facilitators answer; every member follows who has answered, and reads
 * the answers once revealed. Every change is announced to the glossary's attached documents
 * ({@code glossary} message, change {@code round}).
 */
public final class RoundRoutes {

    static final int MAX_PROMPT = 2000;

    private final Rounds rounds;
    private final GlossaryAccess scope;
    private final Access access;

    RoundRoutes(Rounds rounds, GlossaryAccess scope, Access access) {
        this.rounds = rounds;
        this.scope = scope;
        this.access = access;
    }

    void mount(Router router) {
        router.post("/api/glossaries/:id/rounds").handler(this::open);
        router.get("/api/glossaries/:id/rounds").handler(this::list);
        router.get("/api/rounds/:id").handler(this::get);
        router.put("/api/rounds/:id/terms/:term/answer").handler(this::answer);
        router.post("/api/rounds/:id/reveal").handler(ctx -> advance(ctx, "open", "revealed"));
        router.post("/api/rounds/:id/terms/:term/settle").handler(this::settle);
        router.post("/api/rounds/:id/close").handler(ctx -> advance(ctx, "revealed", "closed"));
    }

    private void open(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        JsonObject body = Rest.body(ctx);
        if (!(body.getValue("terms") instanceof JsonArray given) || given.isEmpty() || given.size() > Rounds.MAX_TERMS) {
            throw CahierException.badRequest("terms must be a list of 1 to " + Rounds.MAX_TERMS + " terms");
        }
        java.util.Map<String, String> terms = new java.util.LinkedHashMap<>(); // by lower case: one term once, as first written
        for (Object term : given) {
            if (!(term instanceof String text) || text.isBlank() || text.strip().length() > EntryFields.MAX_TERM) {
                throw CahierException.badRequest("each term is a non-empty string of at most " + EntryFields.MAX_TERM + " characters");
            }
            terms.putIfAbsent(EntryFields.termKey(text), text.strip());
        }
        String prompt = body.getValue("prompt") == null ? null : Rest.requiredText(body, "prompt", MAX_PROMPT);
        Rest.reply(ctx, 201, scope.glossary(ctx.pathParam("id"), principal, Action.MANAGE)
                .compose(g -> rounds.open(g, prompt, new ArrayList<>(terms.values()), principal)
                        .compose(round -> changed(g, round.id(), principal))));
    }

    private void list(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        Rest.reply(ctx, 200, scope.glossary(ctx.pathParam("id"), principal, Action.READ)
                .compose(g -> rounds.ofGlossary(g.id()))
                .compose(list -> Future.all(list.stream().map(r -> view(r, principal)).toList()))
                .map(all -> new JsonArray(all.list())));
    }

    private void get(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        Rest.reply(ctx, 200, round(ctx, principal, Action.READ).compose(found -> view(found.round(), principal)));
    }

    /** {@code {"text"}}: the caller's own definition of the term, in the discipline of their membership. */
    private void answer(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        String text = Perspectives.definitionText(Rest.body(ctx).getValue("text"));
        if (text.isEmpty()) {
            throw CahierException.badRequest("text is required: your definition of the term");
        }
        Rest.reply(ctx, 200, round(ctx, principal, Action.ANNOTATE).compose(found -> {
            if (found.grant().discipline() == null) {
                throw CahierException.badRequest("your membership has no discipline: ask a facilitator to set one, "
                        + "so that your answer stands with your discipline's");
            }
            return term(found.round(), ctx.pathParam("term"))
                    .compose(term -> rounds.answer(found.round(), found.glossary(), term, principal, found.grant().discipline(), text))
                    .compose(v -> changed(found.glossary(), found.round().id(), principal));
        }));
    }

    private void advance(RoutingContext ctx, String from, String to) {
        Principal principal = Rest.principal(ctx);
        Rest.reply(ctx, 200, round(ctx, principal, Action.MANAGE).compose(found -> rounds.advance(found.round(), found.glossary(), from, to,
                principal).compose(v -> changed(found.glossary(), found.round().id(), principal))));
    }

    /**
     * {@code {"perspectives": {"jurist": {"from": participantId}, "designer": {"text": "…"}}}}: per
     * discipline, one participant's answer (attributed to them) or the facilitator's merge.
     */
    private void settle(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        JsonObject body = Rest.body(ctx);
        if (!(body.getValue("perspectives") instanceof JsonObject perspectives) || perspectives.isEmpty()) {
            throw CahierException.badRequest("perspectives is required: {\"discipline\": {\"from\": participantId} or {\"text\": \"…\"}}");
        }
        Rest.reply(ctx, 200, round(ctx, principal, Action.MANAGE).compose(found -> {
            if (!found.round().state().equals("revealed")) {
                throw new CahierException(io.cahier.http.ErrorCode.CONFLICT, "a term is settled after the reveal, before the round closes");
            }
            return term(found.round(), ctx.pathParam("term")).compose(term -> rounds.answers(found.round().id()).compose(answers -> {
                List<GlossaryRepository.Settled> chosen = new ArrayList<>();
                for (String perspective : perspectives.fieldNames()) {
                    Perspectives.require(perspective);
                    if (!(perspectives.getValue(perspective) instanceof JsonObject choice) || choice.size() != 1
                            || !(choice.getValue("from") instanceof String || choice.containsKey("text"))) {
                        throw CahierException.badRequest(perspective + " must be either {\"from\": participantId} or {\"text\": \"…\"}");
                    }
                    if (choice.getValue("from") instanceof String from) {
                        Rounds.Answer picked = answers.stream().filter(a -> a.termId().equals(term.id()) && a.participantId().equals(from))
                                .findFirst().orElseThrow(() -> CahierException.badRequest(from + " did not answer " + term.term()));
                        if (!picked.discipline().equals(perspective)) {
                            throw CahierException.badRequest(picked.participantName() + " answered as " + picked.discipline() + ", not as "
                                    + perspective + ": pick an answer of that discipline, or write the " + perspective + " definition");
                        }
                        chosen.add(new GlossaryRepository.Settled(perspective, picked.text(),
                                new Principal(picked.participantId(), picked.participantName(), Principal.Via.SESSION, null, null, false)));
                    } else {
                        String text = Perspectives.definitionText(choice.getValue("text"));
                        if (text.isEmpty()) {
                            throw CahierException.badRequest(perspective + " needs the participant it comes from, or a text");
                        }
                        chosen.add(new GlossaryRepository.Settled(perspective, text, principal));
                    }
                }
                return rounds.settle(found.round(), found.glossary(), term, chosen, principal);
            })).compose(entryId -> scope.announce(found.glossary().id(), entryId, "entry"))
                    .compose(v -> changed(found.glossary(), found.round().id(), principal));
        }));
    }

    // --- helpers -------------------------------------------------------------------------------

    private record Found(Rounds.Round round, Glossary glossary, Access.Grant grant) {
    }

    /** The round of the path if the caller may do {@code action} in its workspace; else "no round" (a non-member) or 403. */
    private Future<Found> round(RoutingContext ctx, Principal principal, Action action) {
        String id = ctx.pathParam("id");
        CahierException notFound = CahierException.notFound("no round \"" + id + "\"");
        return rounds.find(id).compose(found -> {
            Rounds.Round round = found.orElseThrow(() -> notFound);
            return scope.granted(round.glossaryId(), principal, action, notFound)
                    .map(granted -> new Found(round, granted.glossary(), granted.grant()));
        });
    }

    private Future<Rounds.Term> term(Rounds.Round round, String termId) {
        return rounds.terms(round.id()).map(terms -> terms.stream().filter(t -> t.id().equals(termId)).findFirst()
                .orElseThrow(() -> CahierException.notFound("the round has no term \"" + termId + "\"")));
    }

    private Future<JsonObject> view(Rounds.Round round, Principal viewer) {
        return rounds.terms(round.id()).compose(terms -> rounds.answers(round.id())
                .map(answers -> Rounds.view(round, terms, answers, viewer.id())));
    }

    /** Tells the attached documents' subscribers that the round changed; the round as the caller sees it now. */
    private Future<JsonObject> changed(Glossary glossary, String roundId, Principal viewer) {
        return scope.announce(glossary.id(), null, "round")
                .compose(v -> rounds.find(roundId))
                .compose(round -> view(round.orElseThrow(), viewer));
    }
}
