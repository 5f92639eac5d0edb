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
  ) {
    super(`${status} ${code}: ${detail}`);
  }
}

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

  /** The guest rides in the query string: headers cannot carry every name (only Latin-1). */
  #url(path: string): string {
    const identity = this.#identity();
    return identity === undefined ? path : `${path}?${identityParams(identity).toString()}`;
  }

  async #request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      const headers: Record<string, string> = { Accept: 'application/json', ...this.#headers(method) };
      const init: RequestInit = { method, headers, cache: 'no-store', credentials: 'same-origin' };
      if (body !== undefined) {
        init.body = JSON.stringify(body);
        headers['Content-Type'] = 'application/json';
      }
      response = await this.#fetch(this.#url(path), init);
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
      );
    }
    return payload as T;
  }
}
