/**
 * Simple plurals, French and English, of one folded word (see `tokens.ts`). A word stands for itself
 * and for each form below; the rule looks only at the end of the word, so a compound takes its
 * plural on its last part ("living-lab" → "living-labs").
 *
 * - every word:                    + s     (politique → politiques, lab → labs)
 * - ending in u:                   + x     (bijou → bijoux, eau → eaux, jeu → jeux)
 * - ending in al:                  al → aux (local → locaux, général → généraux)
 * - ending in s, x, z, ch, sh, o:  + es    (bus → buses, box → boxes, approach → approaches)
 * - consonant + y:                 y → ies (policy → policies, city → cities)
 *
 * A French word ending in s, x or z is its own plural (the word itself is always a form). Words
 * ending in a digit, elided articles ("l'") and the possessive ("'s") have no plural.
 * Irregular plurals (travail → travaux, person → people) are aliases to add to the glossary.
 */
export function pluralForms(word: string): string[] {
  const forms = [word];
  const last = word.charAt(word.length - 1);
  if (!/\p{L}/u.test(last) || word.startsWith("'") || word.endsWith("'")) return forms;
  forms.push(`${word}s`);
  if (last === 'u') forms.push(`${word}x`);
  if (word.endsWith('al')) forms.push(`${word.slice(0, -2)}aux`);
  if (/(?:[sxzo]|ch|sh)$/.test(word)) forms.push(`${word}es`);
  if (/[^aeiouy']y$/.test(word)) forms.push(`${word.slice(0, -1)}ies`);
  return forms;
}
