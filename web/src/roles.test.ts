import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LANGUAGE, messages, setLanguage, t } from './i18n';
import { canEdit, canManage, isReadOnly, readOnlyBannerKey, roleKey, ROLES } from './roles';

afterEach(() => setLanguage(DEFAULT_LANGUAGE));

describe('roles', () => {
  it('give the rights of the access contract', () => {
    expect(ROLES.map((r) => [r, canEdit(r), canManage(r)])).toEqual([
      ['facilitator', true, true],
      ['editor', true, false],
      ['annotator', false, false],
      ['observer', false, false],
    ]);
  });

  it('make the editor read-only for observers and annotators only', () => {
    expect(ROLES.filter(isReadOnly)).toEqual(['annotator', 'observer']);
  });

  it('leave the editor editable while the role is not known yet, and read-only for a role this page does not know', () => {
    expect(isReadOnly(null)).toBe(false);
    expect(isReadOnly(undefined)).toBe(false);
    expect(isReadOnly('reviewer')).toBe(true);
    expect(canEdit('reviewer')).toBe(false);
  });

  it('say why the editor is read-only, in both languages', () => {
    setLanguage('fr');
    expect(t(readOnlyBannerKey('observer') ?? 'appName')).toBe('Lecture seule — vous êtes observateur·rice');
    expect(t(readOnlyBannerKey('annotator') ?? 'appName')).toBe('Lecture seule — vous êtes annotateur·rice');
    setLanguage('en');
    expect(t(readOnlyBannerKey('observer') ?? 'appName')).toBe('Read-only — you are an observer');
    expect(readOnlyBannerKey('editor')).toBeUndefined();
    expect(readOnlyBannerKey(null)).toBeUndefined();
  });

  it('are named in both languages', () => {
    expect(ROLES.map((r) => messages.fr[roleKey(r)])).toEqual(['animateur·rice', 'éditeur·rice', 'annotateur·rice', 'observateur·rice']);
    expect(ROLES.map((r) => messages.en[roleKey(r)])).toEqual(['facilitator', 'editor', 'annotator', 'observer']);
  });
});
