/** What every screen gets from the application shell. */
import type { Api } from '../api';
import type { KeyValueStore } from '../i18n';
import type { Identity } from '../identity';

export interface AppContext {
  readonly api: Api;
  readonly storage: KeyValueStore | undefined;
  /** `localStorage` itself, for the session's offline copy (null when blocked). */
  readonly sessionStorage: Storage | null;
  identity(): Identity | undefined;
  setIdentity(identity: Identity): void;
  /** Client-side navigation (History API). */
  navigate(path: string): void;
}

export interface Screen {
  readonly element: HTMLElement;
  /** Focus target after navigation (the screen's heading). */
  readonly heading: HTMLElement;
  destroy(): void;
}
