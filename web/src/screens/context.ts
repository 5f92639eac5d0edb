/** What every screen gets from the application shell. */
import type { Api } from '../api';
import type { KeyValueStore } from '../i18n';
import type { Identity } from '../identity';
import type { Session } from '../session';

export interface AppContext {
  readonly api: Api;
  /** Who is signed in (an account), if anyone. */
  readonly session: Session;
  readonly storage: KeyValueStore | undefined;
  /** `localStorage` itself, for the session's offline copy (null when blocked). */
  readonly sessionStorage: Storage | null;
  /** Who is writing: the signed-in user's name, else the guest identity stored in this browser. */
  identity(): Identity | undefined;
  setIdentity(identity: Identity): void;
  /** Client-side navigation (History API); `replace` leaves no history entry for the current page. */
  navigate(path: string, options?: { readonly replace?: boolean }): void;
}

export interface Screen {
  readonly element: HTMLElement;
  /** Focus target after navigation (the screen's heading). */
  readonly heading: HTMLElement;
  destroy(): void;
}
