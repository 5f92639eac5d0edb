/**
 * Client-side routes: `/` is home, `/d/{documentId}` a document, `/g/{glossaryId}` a glossary and
 * `/g/{glossaryId}/compare` its terms × disciplines table, `/signin` and `/setup` (first-start
 * set-up, token in the fragment) the account screens; anything else is not found.
 */

export type Route =
  | { readonly screen: 'home' }
  | { readonly screen: 'signin' }
  | { readonly screen: 'setup' }
  | { readonly screen: 'document'; readonly id: string }
  | { readonly screen: 'glossary'; readonly id: string }
  | { readonly screen: 'compare'; readonly id: string }
  | { readonly screen: 'not-found' };

/** Ids are lowercase base32 (`openapi.yaml`); anything path-like is left to the server to refuse. */
const DOCUMENT_PATH = /^\/d\/([A-Za-z0-9_-]{1,64})\/?$/;
const GLOSSARY_PATH = /^\/g\/([A-Za-z0-9_-]{1,64})(\/compare)?\/?$/;

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

export function glossaryPath(id: string): string {
  return `/g/${encodeURIComponent(id)}`;
}

export function comparePath(id: string): string {
  return `${glossaryPath(id)}/compare`;
}
