/** The documents recently opened in this browser, newest first, remembered in localStorage. */
import type { KeyValueStore } from './i18n';

export interface RecentDocument {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly workspaceId: string;
  /** When it was last opened here (ms since the epoch). */
  readonly openedAt: number;
}

export const RECENT_KEY = 'cahier.recent';
export const MAX_RECENT = 12;

export function readRecent(store: KeyValueStore | undefined): RecentDocument[] {
  try {
    const value: unknown = JSON.parse(store?.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter(isRecentDocument) : [];
  } catch {
    return [];
  }
}

/** Puts `doc` first (once), keeps at most MAX_RECENT, and stores the list. */
export function rememberRecent(store: KeyValueStore | undefined, doc: RecentDocument): RecentDocument[] {
  const list = [doc, ...readRecent(store).filter((other) => other.id !== doc.id)].slice(0, MAX_RECENT);
  try {
    store?.setItem(RECENT_KEY, JSON.stringify(list));
  } catch {
    // a full or blocked storage only loses the list
  }
  return list;
}

/** The recent documents of one workspace. */
export function recentIn(list: readonly RecentDocument[], workspaceId: string): RecentDocument[] {
  return list.filter((doc) => doc.workspaceId === workspaceId);
}

function isRecentDocument(value: unknown): value is RecentDocument {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return (
    typeof v['id'] === 'string' &&
    typeof v['title'] === 'string' &&
    typeof v['kind'] === 'string' &&
    typeof v['workspaceId'] === 'string' &&
    typeof v['openedAt'] === 'number'
  );
}
