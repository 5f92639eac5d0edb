/**
 * Disciplines: the six every workspace starts with (localised here), and the ones a workspace adds
 * (shown by their name as written, e.g. `urban-planner`). A member holds one in each workspace.
 */
import { t, type MessageKey } from './i18n';

export const BUILT_IN_DISCIPLINES = ['designer', 'jurist', 'economist', 'public-agent', 'researcher', 'inhabitant'] as const;
export type BuiltInDiscipline = (typeof BUILT_IN_DISCIPLINES)[number];

/** The server's limit on display names (`openapi.yaml`). */
export const MAX_NAME_LENGTH = 80;
/** An added discipline's name (access contract): lowercase letters and '-', 1 to 40. */
export const DISCIPLINE_NAME = /^[a-z][a-z-]{0,39}$/;

export function isBuiltInDiscipline(value: unknown): value is BuiltInDiscipline {
  return typeof value === 'string' && (BUILT_IN_DISCIPLINES as readonly string[]).includes(value);
}

/** A name the server accepts once trimmed, or undefined. */
export function cleanName(name: string): string | undefined {
  const trimmed = name.trim();
  return trimmed.length > 0 && trimmed.length <= MAX_NAME_LENGTH ? trimmed : undefined;
}

/** A discipline name to add, as the server wants it (trimmed), or undefined when it would be refused. */
export function cleanDisciplineName(name: string): string | undefined {
  const trimmed = name.trim();
  return DISCIPLINE_NAME.test(trimmed) ? trimmed : undefined;
}

const DISCIPLINE_KEYS: Record<BuiltInDiscipline, MessageKey> = {
  designer: 'disciplineDesigner',
  jurist: 'disciplineJurist',
  economist: 'disciplineEconomist',
  'public-agent': 'disciplinePublicAgent',
  researcher: 'disciplineResearcher',
  inhabitant: 'disciplineInhabitant',
};

/** A discipline in the current language: built-in ones translated, added ones as named, none said so. */
export function disciplineLabel(discipline: string | null | undefined): string {
  if (discipline == null || discipline === '') {
    return t('disciplineNone');
  }
  return isBuiltInDiscipline(discipline) ? t(DISCIPLINE_KEYS[discipline]) : discipline;
}
