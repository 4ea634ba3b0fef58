import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to `word` by edit distance (case-insensitive), or `null` when
 * none is close enough to be a plausible typo: at most a third of the word's length
 * edited, and at least two edits allowed (`memroy` → `memory`). Ties go to the earlier
 * candidate, so order the candidates by preference.
 */
export function nearestMatch(word: string, candidates: Iterable<string>): string | null {
  const needle = word.toLowerCase();
  const limit = Math.max(2, Math.floor(needle.length / 3));
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const edits = distance(needle, candidate.toLowerCase());
    if (edits < bestDistance && edits <= limit && edits < candidate.length) {
      best = candidate;
      bestDistance = edits;
    }
  }
  return best;
}
