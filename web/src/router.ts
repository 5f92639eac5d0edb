/** Client-side routes: `/` is home, `/d/{documentId}` a document; anything else is not found. */

export type Route =
  | { readonly screen: 'home' }
  | { readonly screen: 'document'; readonly id: string }
  | { readonly screen: 'not-found' };

/** Ids are lowercase base32 (`openapi.yaml`); anything path-like is left to the server to refuse. */
const DOCUMENT_PATH = /^\/d\/([A-Za-z0-9_-]{1,64})\/?$/;

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '/index.html') {
    return { screen: 'home' };
  }
  const match = DOCUMENT_PATH.exec(pathname);
  return match?.[1] !== undefined ? { screen: 'document', id: match[1] } : { screen: 'not-found' };
}

export function documentPath(id: string): string {
  return `/d/${encodeURIComponent(id)}`;
}
