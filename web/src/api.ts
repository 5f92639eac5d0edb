/**
 * The REST API (`protocol/openapi.yaml`, access contract), as the screens use it. Who asks is the
 * session cookie (an account's or a guest's), which the browser sends by itself; changes add the
 * session's CSRF proof (`ApiOptions.headers`).
 */
import type { Role } from './roles';

/** A workspace as one of its members sees it: with their role and discipline there. */
export interface Workspace {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly role: Role;
  readonly discipline: string | null;
  /** The six built-in disciplines, then the ones this workspace added. */
  readonly disciplines: readonly string[];
}

export interface Member {
  /** The participant's id (an account's or a guest's). */
  readonly id: string;
  readonly name: string;
  readonly kind: 'account' | 'guest';
  readonly role: Role;
  readonly discipline: string | null;
  readonly joinedAt: number;
  /** Accounts only, and only shown to facilitators. */
  readonly email?: string;
}

export type InvitationState = 'active' | 'expired' | 'used-up' | 'revoked';

export interface Invitation {
  readonly id: string;
  readonly role: Role;
  readonly label: string | null;
  readonly expiresAt: number;
  readonly maxUses: number;
  readonly uses: number;
  readonly createdAt: number;
  readonly createdBy: { readonly id: string; readonly name: string };
  readonly state: InvitationState;
}

/** The answer to creating an invitation: the only time its token and link are given. */
export interface CreatedInvitation extends Invitation {
  readonly token: string;
  readonly link: string;
}

export interface NewInvitation {
  role: Role;
  label?: string;
  expiresInHours?: number;
  maxUses?: number;
}

/** What an invitation link invites to, for anyone holding it. */
export interface InvitationPreview {
  readonly workspace: { readonly id: string; readonly name: string };
  readonly role: Role;
  readonly disciplines: readonly string[];
  readonly expiresAt: number;
}

export interface Redeemed {
  readonly workspace: Workspace;
  readonly participant: Member;
  readonly csrfToken?: string;
}

export interface ActivityEntry {
  readonly id: string;
  readonly at: number;
  readonly actor: { readonly id: string; readonly name: string };
  readonly action: string;
  readonly subject: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface ActivityPage {
  readonly entries: readonly ActivityEntry[];
  /** The next (older) page's URL, absent on the last page. */
  readonly next?: string;
}

export type DocumentKind = 'paper' | 'experiment-spec' | 'note';
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['paper', 'experiment-spec', 'note'];

export interface DocumentInfo {
  readonly id: string;
  readonly workspaceId: string;
  readonly title: string;
  readonly kind: DocumentKind;
  readonly archived: boolean;
  readonly rev: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A refusal (`application/problem+json`), or `network` when no answer came. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    /** The whole problem document, e.g. `current` of a 409 `conflict`, or the report of a refused import. */
    readonly problem: Readonly<Record<string, unknown>> = {},
  ) {
    super(`${status} ${code}: ${detail}`);
  }
}

export type EntryStatus = 'emerging' | 'contested' | 'shared';
export const ENTRY_STATUSES: readonly EntryStatus[] = ['emerging', 'contested', 'shared'];

export interface Author {
  readonly id: string;
  readonly name: string;
}

export interface Definition {
  readonly perspective: string;
  readonly version: number;
  readonly text: string;
  readonly restoredFrom?: number;
  readonly author: Author;
  readonly time: number;
}

export interface Alias {
  readonly label: string;
  readonly lang: string;
}

export interface Entry {
  readonly id: string;
  readonly glossaryId: string;
  readonly term: string;
  readonly lang: string;
  readonly aliases: readonly Alias[];
  readonly status: EntryStatus;
  readonly gapNote: string;
  readonly examples: readonly string[];
  readonly sources: readonly string[];
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly definitions: readonly Definition[];
}

export interface Glossary {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface FullGlossary extends Glossary {
  readonly documents: readonly string[];
  readonly entries: readonly Entry[];
}

/** The fields of an entry one can write (`EntryFields` in openapi.yaml). */
export interface EntryFields {
  term?: string;
  aliases?: string[];
  status?: EntryStatus;
  gapNote?: string;
  examples?: string[];
  sources?: string[];
}

export interface ImportRow {
  readonly line: number;
  readonly term?: string | null;
  readonly ok: boolean;
  readonly errors?: readonly string[];
}

export interface ImportReport {
  readonly rows: readonly ImportRow[];
  readonly valid: number;
  readonly invalid: number;
  readonly imported: number;
}

export type ExportFormat = 'markdown' | 'skos';

/** An annotator's proposal to a glossary: a definition for an entry's perspective, or a new term. */
export interface Proposal {
  readonly id: string;
  readonly glossaryId: string;
  /** The entry it defines (`definition`), or the entry an accepted `term` created; null for an open `term`. */
  readonly entryId: string | null;
  readonly kind: 'definition' | 'term';
  readonly perspective: string;
  readonly term: string | null;
  readonly text: string;
  readonly note: string | null;
  readonly state: ProposalState;
  readonly author: Author;
  readonly createdAt: number;
  readonly decision?: { readonly by: Author; readonly at: number; readonly note: string | null };
}

export type ProposalState = 'open' | 'accepted' | 'declined';

export type NewProposal =
  | { entry: string; perspective: string; text: string; note?: string }
  | { term: string; perspective: string; text: string; note?: string };

export type RoundState = 'open' | 'revealed' | 'closed';

/** One participant's answer, as shown after the reveal. */
export interface RoundAnswer {
  readonly participant: Author;
  readonly text: string;
}

export interface RoundTerm {
  /** The term's id in the round (not an entry's). */
  readonly id: string;
  readonly term: string;
  readonly entryId: string | null;
  readonly settled: boolean;
  /** Who has answered, never what (before the reveal). */
  readonly answered: readonly { readonly participant: Author; readonly discipline: string }[];
  /** The viewer's own answer. */
  readonly mine: { readonly text: string; readonly answeredAt: number } | null;
  /** After the reveal: every answer, by discipline. */
  readonly answers?: Readonly<Record<string, readonly RoundAnswer[]>>;
}

/** A vocabulary round as the caller sees it (`Rounds.view`). */
export interface Round {
  readonly id: string;
  readonly glossaryId: string;
  readonly prompt: string | null;
  readonly state: RoundState;
  readonly createdBy: Author;
  readonly createdAt: number;
  readonly terms: readonly RoundTerm[];
}

/** Per discipline: one participant's answer, or the facilitator's merged text. */
export type SettleChoice = { readonly from: string } | { readonly text: string };

export interface ApiOptions {
  /** Extra headers for a request with `method`: the CSRF proof when signed in (`Session.csrfHeaders`). */
  readonly headers?: (method: string) => Record<string, string>;
  /** Default globalThis.fetch. */
  readonly fetch?: (input: string, init?: RequestInit) => Promise<Response>;
}

export class Api {
  readonly #headers: (method: string) => Record<string, string>;
  readonly #fetch: (input: string, init?: RequestInit) => Promise<Response>;

  constructor(options: ApiOptions = {}) {
    this.#headers = options.headers ?? (() => ({}));
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** The caller's workspaces only. */
  listWorkspaces(): Promise<Workspace[]> {
    return this.#request('GET', '/api/workspaces');
  }

  /** Accounts with `facilitator: true` only (403 otherwise); the creator becomes its facilitator. */
  createWorkspace(name: string, discipline?: string): Promise<Workspace> {
    return this.#request('POST', '/api/workspaces', discipline === undefined ? { name } : { name, discipline });
  }

  getWorkspace(id: string): Promise<Workspace> {
    return this.#request('GET', workspaceApi(id));
  }

  addDiscipline(workspaceId: string, name: string): Promise<Workspace> {
    return this.#request('POST', `${workspaceApi(workspaceId)}/disciplines`, { name });
  }

  listMembers(workspaceId: string): Promise<Member[]> {
    return this.#request('GET', `${workspaceApi(workspaceId)}/members`);
  }

  /** Facilitators: an existing account by its email (404 when no account has it, 409 when already a member). */
  addMember(workspaceId: string, email: string, role: Role, discipline?: string): Promise<Member> {
    return this.#request('POST', `${workspaceApi(workspaceId)}/members`, discipline === undefined ? { email, role } : { email, role, discipline });
  }

  /** 409 `conflict` when it would leave the workspace without a facilitator. */
  changeMember(workspaceId: string, participantId: string, change: { role?: Role; discipline?: string }): Promise<Member> {
    return this.#request('PATCH', `${workspaceApi(workspaceId)}/members/${encodeURIComponent(participantId)}`, change);
  }

  removeMember(workspaceId: string, participantId: string): Promise<void> {
    return this.#request('DELETE', `${workspaceApi(workspaceId)}/members/${encodeURIComponent(participantId)}`);
  }

  listInvitations(workspaceId: string): Promise<Invitation[]> {
    return this.#request('GET', `${workspaceApi(workspaceId)}/invitations`);
  }

  createInvitation(workspaceId: string, invitation: NewInvitation): Promise<CreatedInvitation> {
    return this.#request('POST', `${workspaceApi(workspaceId)}/invitations`, invitation);
  }

  revokeInvitation(workspaceId: string, invitationId: string): Promise<void> {
    return this.#request('DELETE', `${workspaceApi(workspaceId)}/invitations/${encodeURIComponent(invitationId)}`);
  }

  /** 404 for an unknown link, 410 `gone` for one expired, used up or revoked (the detail says which). */
  previewInvitation(token: string): Promise<InvitationPreview> {
    return this.#request('GET', `/api/invitations/${encodeURIComponent(token)}`);
  }

  /** Nobody signed in: a guest session starts (its cookie is set). Signed in: the membership is added. */
  redeemInvitation(token: string, name: string | undefined, discipline: string): Promise<Redeemed> {
    return this.#request('POST', `/api/invitations/${encodeURIComponent(token)}/redeem`, name === undefined ? { discipline } : { name, discipline });
  }

  /** Newest first; `before` is the cursor of the page's `next` URL. */
  activity(workspaceId: string, limit: number, before?: string): Promise<ActivityPage> {
    const query: Record<string, string> = { limit: String(limit) };
    if (before !== undefined) {
      query['before'] = before;
    }
    return this.#request('GET', `${workspaceApi(workspaceId)}/activity`, undefined, query);
  }

  listDocuments(workspaceId: string): Promise<DocumentInfo[]> {
    return this.#request('GET', `${workspaceApi(workspaceId)}/documents`);
  }

  createDocument(workspaceId: string, title: string, kind: DocumentKind): Promise<DocumentInfo> {
    return this.#request('POST', `${workspaceApi(workspaceId)}/documents`, { title, kind });
  }

  getDocument(id: string): Promise<DocumentInfo> {
    return this.#request('GET', `/api/documents/${encodeURIComponent(id)}`);
  }

  listGlossaries(workspaceId: string): Promise<Glossary[]> {
    return this.#request('GET', `${workspaceApi(workspaceId)}/glossaries`);
  }

  createGlossary(workspaceId: string, name: string): Promise<Glossary> {
    return this.#request('POST', `${workspaceApi(workspaceId)}/glossaries`, { name });
  }

  getGlossary(id: string): Promise<FullGlossary> {
    return this.#request('GET', `/api/glossaries/${encodeURIComponent(id)}`);
  }

  /** The glossaries attached to a document, with their entries: what the editor highlights. */
  documentGlossaries(documentId: string): Promise<FullGlossary[]> {
    return this.#request('GET', `/api/documents/${encodeURIComponent(documentId)}/glossaries`);
  }

  attachGlossary(glossaryId: string, documentId: string): Promise<{ glossary: string; documents: string[] }> {
    return this.#request('PUT', `/api/glossaries/${encodeURIComponent(glossaryId)}/documents/${encodeURIComponent(documentId)}`);
  }

  detachGlossary(glossaryId: string, documentId: string): Promise<{ glossary: string; documents: string[] }> {
    return this.#request('DELETE', `/api/glossaries/${encodeURIComponent(glossaryId)}/documents/${encodeURIComponent(documentId)}`);
  }

  createEntry(glossaryId: string, fields: EntryFields & { term: string; definitions?: Record<string, string> }): Promise<Entry> {
    return this.#request('POST', `/api/glossaries/${encodeURIComponent(glossaryId)}/entries`, fields);
  }

  getEntry(id: string): Promise<Entry> {
    return this.#request('GET', `/api/entries/${encodeURIComponent(id)}`);
  }

  /** 409 `conflict` (ApiError.problem.current: the entry now) when it is no longer at `version`. */
  changeEntry(id: string, version: number, fields: EntryFields): Promise<Entry> {
    return this.#request('PATCH', `/api/entries/${encodeURIComponent(id)}`, { ...fields, version });
  }

  /** 409 `conflict` (ApiError.problem.current: the definition now, or null) when someone saved since `baseVersion`. */
  saveDefinition(entryId: string, perspective: string, baseVersion: number, text: string): Promise<Definition> {
    return this.#request('PUT', `${definitionPath(entryId, perspective)}`, { baseVersion, text });
  }

  definitionHistory(entryId: string, perspective: string): Promise<Definition[]> {
    return this.#request('GET', `${definitionPath(entryId, perspective)}/history`);
  }

  restoreDefinition(entryId: string, perspective: string, version: number, baseVersion: number): Promise<Definition> {
    return this.#request('POST', `${definitionPath(entryId, perspective)}/restore`, { version, baseVersion });
  }

  /** Annotators, editors and facilitators; an editor accepts or declines it. */
  propose(glossaryId: string, proposal: NewProposal): Promise<Proposal> {
    return this.#request('POST', `${glossaryApi(glossaryId)}/proposals`, proposal);
  }

  /** Newest first. */
  listProposals(glossaryId: string, state: ProposalState | 'all' = 'open'): Promise<Proposal[]> {
    return this.#request('GET', `${glossaryApi(glossaryId)}/proposals`, undefined, { state });
  }

  /** Editors and facilitators; 409 `conflict` when it was already decided. */
  decideProposal(id: string, accept: boolean, note?: string): Promise<Proposal> {
    return this.#request('POST', `/api/proposals/${encodeURIComponent(id)}/${accept ? 'accept' : 'decline'}`, note === undefined ? {} : { note });
  }

  /** Newest first. */
  listRounds(glossaryId: string): Promise<Round[]> {
    return this.#request('GET', `${glossaryApi(glossaryId)}/rounds`);
  }

  getRound(id: string): Promise<Round> {
    return this.#request('GET', roundApi(id));
  }

  /** Facilitators: 1 to 20 terms. */
  openRound(glossaryId: string, terms: readonly string[], prompt?: string): Promise<Round> {
    return this.#request('POST', `${glossaryApi(glossaryId)}/rounds`, prompt === undefined ? { terms } : { terms, prompt });
  }

  /** The caller's own definition, in their membership's discipline (400 without one, 409 after the reveal). */
  answerRound(roundId: string, termId: string, text: string): Promise<Round> {
    return this.#request('PUT', `${roundApi(roundId)}/terms/${encodeURIComponent(termId)}/answer`, { text });
  }

  revealRound(roundId: string): Promise<Round> {
    return this.#request('POST', `${roundApi(roundId)}/reveal`);
  }

  settleRoundTerm(roundId: string, termId: string, perspectives: Readonly<Record<string, SettleChoice>>): Promise<Round> {
    return this.#request('POST', `${roundApi(roundId)}/terms/${encodeURIComponent(termId)}/settle`, { perspectives });
  }

  closeRound(roundId: string): Promise<Round> {
    return this.#request('POST', `${roundApi(roundId)}/close`);
  }

  /** Where the browser downloads the export from (the session cookie goes with it, like every request). */
  exportUrl(glossaryId: string, formatName: ExportFormat): string {
    return this.#url(`/api/glossaries/${encodeURIComponent(glossaryId)}/export`, { format: formatName });
  }

  /** `dryRun`: the preview, nothing written. A file with bad rows: ApiError 400 whose problem carries the report. */
  importCsv(glossaryId: string, csv: string, dryRun: boolean): Promise<ImportReport> {
    return this.#request('POST', `/api/glossaries/${encodeURIComponent(glossaryId)}/import`, csv, { dryRun: String(dryRun) }, 'text/csv');
  }

  #url(path: string, query: Readonly<Record<string, string>> = {}): string {
    const search = new URLSearchParams(query).toString();
    return search === '' ? path : `${path}?${search}`;
  }

  async #request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    query: Readonly<Record<string, string>> = {},
    contentType = 'application/json',
  ): Promise<T> {
    let response: Response;
    try {
      const headers: Record<string, string> = { Accept: 'application/json', ...this.#headers(method) };
      const init: RequestInit = { method, headers, cache: 'no-store', credentials: 'same-origin' };
      if (body !== undefined) {
        init.body = contentType === 'application/json' ? JSON.stringify(body) : String(body);
        headers['Content-Type'] = contentType;
      }
      response = await this.#fetch(this.#url(path, query), init);
    } catch {
      throw new ApiError(0, 'network', 'no answer from the server');
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const problem = (payload ?? {}) as { code?: unknown; detail?: unknown };
      throw new ApiError(
        response.status,
        typeof problem.code === 'string' ? problem.code : `http-${response.status}`,
        typeof problem.detail === 'string' ? problem.detail : response.statusText,
        (payload ?? {}) as Record<string, unknown>,
      );
    }
    return payload as T;
  }
}

function workspaceApi(id: string): string {
  return `/api/workspaces/${encodeURIComponent(id)}`;
}

function definitionPath(entryId: string, perspective: string): string {
  return `/api/entries/${encodeURIComponent(entryId)}/definitions/${encodeURIComponent(perspective)}`;
}

function glossaryApi(id: string): string {
  return `/api/glossaries/${encodeURIComponent(id)}`;
}

function roundApi(id: string): string {
  return `/api/rounds/${encodeURIComponent(id)}`;
}
