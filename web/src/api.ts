/** The REST API (`protocol/openapi.yaml`), as the screens use it. */
import { identityParams, type Identity } from './identity';

export interface Workspace {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
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

export interface ApiOptions {
  /** Extra headers for a request with `method`: the CSRF proof when signed in (`Session.csrfHeaders`). */
  readonly headers?: (method: string) => Record<string, string>;
  /** Default globalThis.fetch. */
  readonly fetch?: (input: string, init?: RequestInit) => Promise<Response>;
}

export class Api {
  readonly #identity: () => Identity | undefined;
  readonly #headers: (method: string) => Record<string, string>;
  readonly #fetch: (input: string, init?: RequestInit) => Promise<Response>;

  constructor(identity: () => Identity | undefined, options: ApiOptions = {}) {
    this.#identity = identity;
    this.#headers = options.headers ?? (() => ({}));
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  listWorkspaces(): Promise<Workspace[]> {
    return this.#request('GET', '/api/workspaces');
  }

  createWorkspace(name: string): Promise<Workspace> {
    return this.#request('POST', '/api/workspaces', { name });
  }

  listDocuments(workspaceId: string): Promise<DocumentInfo[]> {
    return this.#request('GET', `/api/workspaces/${encodeURIComponent(workspaceId)}/documents`);
  }

  createDocument(workspaceId: string, title: string, kind: DocumentKind): Promise<DocumentInfo> {
    return this.#request('POST', `/api/workspaces/${encodeURIComponent(workspaceId)}/documents`, { title, kind });
  }

  getDocument(id: string): Promise<DocumentInfo> {
    return this.#request('GET', `/api/documents/${encodeURIComponent(id)}`);
  }

  listGlossaries(workspaceId: string): Promise<Glossary[]> {
    return this.#request('GET', `/api/workspaces/${encodeURIComponent(workspaceId)}/glossaries`);
  }

  createGlossary(workspaceId: string, name: string): Promise<Glossary> {
    return this.#request('POST', `/api/workspaces/${encodeURIComponent(workspaceId)}/glossaries`, { name });
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

  /** Where the browser downloads the export from (with the guest's identity, like every request). */
  exportUrl(glossaryId: string, formatName: ExportFormat): string {
    return this.#url(`/api/glossaries/${encodeURIComponent(glossaryId)}/export`, { format: formatName });
  }

  /** `dryRun`: the preview, nothing written. A file with bad rows: ApiError 400 whose problem carries the report. */
  importCsv(glossaryId: string, csv: string, dryRun: boolean): Promise<ImportReport> {
    return this.#request('POST', `/api/glossaries/${encodeURIComponent(glossaryId)}/import`, csv, { dryRun: String(dryRun) }, 'text/csv');
  }

  /** The guest rides in the query string: headers cannot carry every name (only Latin-1). */
  #url(path: string, query: Readonly<Record<string, string>> = {}): string {
    const identity = this.#identity();
    const params = identity === undefined ? new URLSearchParams() : identityParams(identity);
    for (const [name, value] of Object.entries(query)) {
      params.set(name, value);
    }
    const search = params.toString();
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

function definitionPath(entryId: string, perspective: string): string {
  return `/api/entries/${encodeURIComponent(entryId)}/definitions/${encodeURIComponent(perspective)}`;
}
