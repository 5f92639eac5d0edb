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

export class Api {
  readonly #identity: () => Identity | undefined;

  constructor(identity: () => Identity | undefined) {
    this.#identity = identity;
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

  async #request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      const init: RequestInit = { method, headers: { Accept: 'application/json' }, cache: 'no-store' };
      if (body !== undefined) {
        init.body = JSON.stringify(body);
        init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
      }
      response = await fetch(this.#url(path), init);
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
