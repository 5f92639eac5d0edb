import { afterEach, describe, expect, it, vi } from 'vitest';
import { HEALTH_RECHECK_MS, HEALTH_RETRY_MS, HEALTH_TIMEOUT_MS, checkHealth, statusMessageKey, watchHealth, type FetchLike } from './health';
import { messages } from './i18n';

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function answering(response: Response): FetchLike & ReturnType<typeof vi.fn> {
  return vi.fn<FetchLike>(async () => response);
}

describe('checkHealth', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is up when the server answers {"status":"up"}', async () => {
    const fetchFn = answering(json({ status: 'up', version: '0.1.0' }));
    await expect(checkHealth(fetchFn)).resolves.toBe('up');
    expect(fetchFn).toHaveBeenCalledTimes(1);
    const [url, init] = fetchFn.mock.calls[0] ?? [];
    expect(url).toBe('/health');
    expect(init?.method).toBe('GET');
    expect(new Headers(init?.headers).get('Accept')).toBe('application/json');
    expect(init?.cache).toBe('no-store');
  });

  it.each([
    ['another status', json({ status: 'down' })],
    ['no status', json({ version: '0.1.0' })],
    ['a JSON string', json('up')],
    ['JSON null', json(null)],
    ['an error code, even with status up', json({ status: 'up' }, 503)],
    ['a body that is not JSON', new Response('<html>proxy error</html>', { status: 200 })],
  ])('is an error for %s', async (_label, response) => {
    await expect(checkHealth(answering(response))).resolves.toBe('error');
  });

  it('is an error when the request fails', async () => {
    const fetchFn = vi.fn<FetchLike>(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(checkHealth(fetchFn)).resolves.toBe('error');
  });

  it('gives up after the timeout and aborts the request', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const fetchFn = vi.fn<FetchLike>((_input, init) => {
      signal = init?.signal ?? undefined;
      return new Promise<Response>(() => {}); // never answers
    });
    let result: string | undefined;
    void checkHealth(fetchFn).then((status) => {
      result = status;
    });

    await vi.advanceTimersByTimeAsync(HEALTH_TIMEOUT_MS - 1);
    expect(result).toBeUndefined();
    expect(signal?.aborted).toBe(false);

    await vi.advanceTimersByTimeAsync(1);
    expect(result).toBe('error');
    expect(signal?.aborted).toBe(true);
  });

  it('leaves no timer behind once answered', async () => {
    vi.useFakeTimers();
    await expect(checkHealth(answering(json({ status: 'up' })))).resolves.toBe('up');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('statusMessageKey', () => {
  it('gives each status its own text', () => {
    expect(messages.en[statusMessageKey('up')]).toBe('Server available');
    expect(messages.fr[statusMessageKey('up')]).toBe('Serveur disponible');
    const keys = new Set([statusMessageKey('loading'), statusMessageKey('up'), statusMessageKey('error')]);
    expect(keys.size).toBe(3);
  });
});

describe('watchHealth', () => {
  it('asks again soon while the server is down, rarely once it is up, and tells every answer', async () => {
    const answers = [json({ status: 'down' }, 503), json({ status: 'up' }), json({ status: 'down' }, 502)];
    const fetchFn = vi.fn<FetchLike>(async () => answers.shift() ?? json({ status: 'up' }));
    const seen: string[] = [];
    const delays: number[] = [];
    const pending: (() => void)[] = [];
    const stop = watchHealth(fetchFn, (status) => seen.push(status), (run, ms) => {
      delays.push(ms);
      pending.push(run);
    });
    const step = async (): Promise<void> => {
      await vi.waitFor(() => expect(pending.length).toBe(1));
      pending.shift()?.();
    };
    await step();
    await step();
    await vi.waitFor(() => expect(seen).toEqual(['error', 'up', 'error']));
    expect(delays).toEqual([HEALTH_RETRY_MS, HEALTH_RECHECK_MS, HEALTH_RETRY_MS]);
    stop();
    pending.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual(['error', 'up', 'error']);
  });
});
