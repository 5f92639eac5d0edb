/** Asks the server whether it is up: `GET /health` answers `{"status":"up", ...}`. */

import type { MessageKey } from './i18n';

export const HEALTH_PATH = '/health';
export const HEALTH_TIMEOUT_MS = 5000;

export type ServerStatus = 'loading' | 'up' | 'error';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * Resolves to 'up' only for a 2xx answer whose JSON body has `status: "up"`;
 * any other answer, a network failure, an unreadable body or no answer within
 * `timeoutMs` gives 'error'. Never rejects.
 */
export async function checkHealth(
  fetchFn: FetchLike,
  timeoutMs: number = HEALTH_TIMEOUT_MS,
): Promise<Exclude<ServerStatus, 'loading'>> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Rejects on timeout even if fetchFn ignores the abort signal.
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error('health check timed out'));
    }, timeoutMs);
  });
  const check = async (): Promise<'up' | 'error'> => {
    const response = await fetchFn(HEALTH_PATH, {
      method: 'GET',
      headers: { Accept: 'application/json' },
      cache: 'no-store',
      signal: controller.signal,
    });
    if (!response.ok) {
      return 'error';
    }
    const body: unknown = await response.json();
    return isUp(body) ? 'up' : 'error';
  };
  try {
    return await Promise.race([check(), timedOut]);
  } catch {
    return 'error';
  } finally {
    clearTimeout(timer);
  }
}

/** How often the server is asked again: soon while it does not answer, rarely while it does. */
export const HEALTH_RETRY_MS = 5000;
export const HEALTH_RECHECK_MS = 30000;

/**
 * Asks the server now, then again and again (every `HEALTH_RETRY_MS` while it does not answer,
 * every `HEALTH_RECHECK_MS` while it does), telling `onStatus` each answer: a page opened while the
 * server was down finds out when it is back, and one opened while it was up finds out when it
 * goes. Returns a function that stops it.
 */
export function watchHealth(
  fetchFn: FetchLike,
  onStatus: (status: Exclude<ServerStatus, 'loading'>) => void,
  schedule: (run: () => void, ms: number) => unknown = (run, ms) => setTimeout(run, ms),
): () => void {
  let stopped = false;
  const ask = (): void => {
    void checkHealth(fetchFn).then((status) => {
      if (stopped) {
        return;
      }
      onStatus(status);
      schedule(ask, status === 'up' ? HEALTH_RECHECK_MS : HEALTH_RETRY_MS);
    });
  };
  ask();
  return () => {
    stopped = true;
  };
}

function isUp(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    'status' in body &&
    (body as { status: unknown }).status === 'up'
  );
}

/** Catalogue key of the text shown for each status. */
export function statusMessageKey(status: ServerStatus): MessageKey {
  switch (status) {
    case 'loading':
      return 'statusLoading';
    case 'up':
      return 'statusUp';
    case 'error':
      return 'statusError';
  }
}
