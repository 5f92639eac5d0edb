/** A participant's colour, derived from their client id so that every tab shows them alike. */

/** Hue in degrees from a 32-bit FNV-1a hash of the id. */
export function hueFor(clientId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < clientId.length; i++) {
    hash ^= clientId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 360;
}

/** Dark enough for white label text and a visible caret on a light page (about 4.5:1). */
export function caretColour(clientId: string): string {
  return `hsl(${hueFor(clientId)} 75% 32%)`;
}

export function selectionColour(clientId: string): string {
  return `hsl(${hueFor(clientId)} 85% 55% / 0.28)`;
}
