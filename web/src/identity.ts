/**
 * Who is writing: the guest's display name and discipline, asked once and remembered in this
 * browser. They travel on every request (`?name=&discipline=`) until accounts exist.
 */
import type { KeyValueStore, MessageKey } from './i18n';

export const DISCIPLINES = [
  'designer',
  'jurist',
  'economist',
  'public-agent',
  'researcher',
  'inhabitant',
  'other',
] as const;
export type Discipline = (typeof DISCIPLINES)[number];

export interface Identity {
  readonly name: string;
  readonly discipline: Discipline;
}

export const IDENTITY_KEY = 'cahier.identity';
/** The server's limit on display names (`openapi.yaml`). */
export const MAX_NAME_LENGTH = 80;

export function isDiscipline(value: unknown): value is Discipline {
  return typeof value === 'string' && (DISCIPLINES as readonly string[]).includes(value);
}

/** A name the server accepts once trimmed, or undefined. */
export function cleanName(name: string): string | undefined {
  const trimmed = name.trim();
  return trimmed.length > 0 && trimmed.length <= MAX_NAME_LENGTH ? trimmed : undefined;
}

export function readIdentity(store: KeyValueStore | undefined): Identity | undefined {
  try {
    const raw = store?.getItem(IDENTITY_KEY);
    if (raw == null) {
      return undefined;
    }
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) {
      return undefined;
    }
    const { name, discipline } = value as { name?: unknown; discipline?: unknown };
    const clean = typeof name === 'string' ? cleanName(name) : undefined;
    return clean !== undefined && isDiscipline(discipline) ? { name: clean, discipline } : undefined;
  } catch {
    return undefined;
  }
}

export function storeIdentity(store: KeyValueStore | undefined, identity: Identity): boolean {
  try {
    store?.setItem(IDENTITY_KEY, JSON.stringify(identity));
    return store !== undefined;
  } catch {
    return false;
  }
}

/** Query parameters naming the guest (`other` is said as no discipline: the server knows no such word). */
export function identityParams(identity: Identity): URLSearchParams {
  const params = new URLSearchParams({ name: identity.name });
  if (identity.discipline !== 'other') {
    params.set('discipline', identity.discipline);
  }
  return params;
}

const DISCIPLINE_KEYS: Record<Discipline, MessageKey> = {
  designer: 'disciplineDesigner',
  jurist: 'disciplineJurist',
  economist: 'disciplineEconomist',
  'public-agent': 'disciplinePublicAgent',
  researcher: 'disciplineResearcher',
  inhabitant: 'disciplineInhabitant',
  other: 'disciplineOther',
};

/** Catalogue key naming a discipline as the server reports it (null: none; unknown: other). */
export function disciplineKey(discipline: string | null | undefined): MessageKey {
  if (discipline == null) {
    return 'disciplineNone';
  }
  return isDiscipline(discipline) ? DISCIPLINE_KEYS[discipline] : 'disciplineOther';
}
