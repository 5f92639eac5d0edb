/**
 * Client-side routes: `/` is home, `/w/{workspaceId}` a workspace (documents, members,
 * invitations, journal), `/i/{token}` joining by an invitation link, `/d/{documentId}` a document,
 * `/g/{glossaryId}` a glossary and `/g/{glossaryId}/compare` its terms × disciplines table,
 * `/signin` and `/setup` (first-start set-up, token in the fragment) the account screens; anything
 * else is not found. The server answers each of these paths with the page.
 */

export type Route =
  | { readonly screen: 'home' }
  | { readonly screen: 'signin' }
  | { readonly screen: 'setup' }
  | { readonly screen: 'workspace'; readonly id: string }
  | { readonly screen: 'invitation'; readonly token: string }
  | { readonly screen: 'document'; readonly id: string }
  | { readonly screen: 'glossary'; readonly id: string }
  | { readonly screen: 'compare'; readonly id: string }
  | { readonly screen: 'not-found' };

/** Ids are lowercase base32 (`openapi.yaml`); anything path-like is left to the server to refuse. */
const DOCUMENT_PATH = /^\/d\/([A-Za-z0-9_-]{1,64})\/?$/;
const WORKSPACE_PATH = /^\/w\/([A-Za-z0-9_-]{1,64})\/?$/;
const GLOSSARY_PATH = /^\/g\/([A-Za-z0-9_-]{1,64})(\/compare)?\/?$/;
/** Invitation tokens are base64url (43 characters today); a longer or shorter one is the server's to refuse. */
const INVITATION_PATH = /^\/i\/([A-Za-z0-9_-]{1,128})\/?$/;

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '/index.html') {
    return { screen: 'home' };
  }
  if (pathname === '/signin' || pathname === '/signin/') {
    return { screen: 'signin' };
  }
  if (pathname === '/setup' || pathname === '/setup/') {
    return { screen: 'setup' };
  }
  const glossary = GLOSSARY_PATH.exec(pathname);
  if (glossary?.[1] !== undefined) {
    return { screen: glossary[2] === undefined ? 'glossary' : 'compare', id: glossary[1] };
  }
  const workspace = WORKSPACE_PATH.exec(pathname);
  if (workspace?.[1] !== undefined) {
    return { screen: 'workspace', id: workspace[1] };
  }
  const invitation = INVITATION_PATH.exec(pathname);
  if (invitation?.[1] !== undefined) {
    return { screen: 'invitation', token: invitation[1] };
  }
  const match = DOCUMENT_PATH.exec(pathname);
  return match?.[1] !== undefined ? { screen: 'document', id: match[1] } : { screen: 'not-found' };
}

/** Screens that show a workspace's content: only for someone signed in or holding a guest session. */
export function needsPrincipal(route: Route): boolean {
  return route.screen === 'workspace' || route.screen === 'document' || route.screen === 'glossary' || route.screen === 'compare';
}

export function documentPath(id: string): string {
  return `/d/${encodeURIComponent(id)}`;
}

export function workspacePath(id: string): string {
  return `/w/${encodeURIComponent(id)}`;
}

export function invitationPath(token: string): string {
  return `/i/${encodeURIComponent(token)}`;
}

/** The sign-in page, coming back to `from` (a path of this site) afterwards. */
export function signInPath(from: string): string {
  return from === '/' ? '/signin' : `/signin?${new URLSearchParams({ next: from }).toString()}`;
}

export function glossaryPath(id: string): string {
  return `/g/${encodeURIComponent(id)}`;
}

export function comparePath(id: string): string {
  return `${glossaryPath(id)}/compare`;
}
