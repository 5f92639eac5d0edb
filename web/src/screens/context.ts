/** What every screen gets from the application shell. */
import type { Api, Workspace } from '../api';
import type { KeyValueStore } from '../i18n';
import type { Session } from '../session';

export interface AppContext {
  readonly api: Api;
  /** Who is using the page: an account, a guest, or nobody. */
  readonly session: Session;
  readonly storage: KeyValueStore | undefined;
  /** `localStorage` itself, for the session's offline copy (null when blocked). */
  readonly sessionStorage: Storage | null;
  /**
   * The caller's membership of a workspace (role, discipline, the workspace's disciplines), asked
   * once per screen shown: a role that changed is seen on the next navigation.
   */
  workspace(id: string): Promise<Workspace>;
  /** Client-side navigation (History API); `replace` leaves no history entry for the current page. */
  navigate(path: string, options?: { readonly replace?: boolean }): void;
}

export interface Screen {
  readonly element: HTMLElement;
  /** Focus target after navigation (the screen's heading). */
  readonly heading: HTMLElement;
  destroy(): void;
}

/** The caller's discipline in a workspace; none when it cannot be known now (offline, no longer a member). */
export function readerIn(ctx: AppContext, workspaceId: string): Promise<string | undefined> {
  return ctx.workspace(workspaceId).then(
    (workspace) => workspace.discipline ?? undefined,
    () => undefined,
  );
}
