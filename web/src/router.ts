/**
 * Client-side routes: `/` is home, `/d/{documentId}` a document, `/signin` and `/setup` (first-start
 * set-up, token in the fragment) the account screens; anything else is not found.
 */

export type Route =
  | { readonly screen: 'home' }
  | { readonly screen: 'signin' }
  | { readonly screen: 'setup' }
  | { readonly screen: 'document'; readonly id: string }
  | { readonly screen: 'not-found' };

/** Ids are lowercase base32 (`openapi.yaml`); anything path-like is left to the server to refuse. */
const DOCUMENT_PATH = /^\/d\/([A-Za-z0-9_-]{1,64})\/?$/;

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
  const match = DOCUMENT_PATH.exec(pathname);
  return match?.[1] !== undefined ? { screen: 'document', id: match[1] } : { screen: 'not-found' };
}

export function documentPath(id: string): string {
  return `/d/${encodeURIComponent(id)}`;
}

/** The sign-in page, coming back to `from` (a path of this site) afterwards. */
export function signInPath(from: string): string {
  return from === '/' ? '/signin' : `/signin?${new URLSearchParams({ next: from }).toString()}`;
}
