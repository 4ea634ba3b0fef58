import type { Problem } from './types.js';

/**
 * Makes the suggested names of `INVALID_SERVICE_NAME` problems differ from every declared
 * name that stays and from each other, ignoring case (`1api` and `api-` both clean to `api`): a later
 * clash gets a suffix, `-2`, `-3`, … (`-b`, `-c`, … under the `services` rule, which allows
 * no digits). Rewrites each changed suggestion in its hint too. `problems` is changed in
 * place, in file order.
 */
export function uniqueNameSuggestions(
  problems: readonly Problem[],
  declared: readonly string[],
  strict: boolean,
): void {
  const renamed = new Set(
    problems.filter((item) => item.code === 'INVALID_SERVICE_NAME').map((item) => item.value),
  );
  // The names that stay: a name being renamed frees its spelling (`Web` → `web`).
  const taken = new Set(
    declared.filter((name) => !renamed.has(name)).map((name) => name.toLowerCase()),
  );
  for (const item of problems) {
    if (item.code !== 'INVALID_SERVICE_NAME' || typeof item.suggestion !== 'string') continue;
    const wanted = item.suggestion;
    let name = wanted;
    for (let index = 2; taken.has(name.toLowerCase()); index++) {
      const suffix = strict ? `-${letterSuffix(index)}` : `-${index}`;
      name = `${wanted.slice(0, 64 - suffix.length).replace(/[-_]+$/, '')}${suffix}`;
    }
    taken.add(name.toLowerCase());
    if (name === wanted) continue;
    item.suggestion = name;
    item.hint = item.hint?.split(`"${wanted}"`).join(`"${name}"`) ?? null;
  }
}

/** 2 → `b`, 26 → `z`, 27 → `ba`: letters for a counter, as the strict rule allows no digits. */
function letterSuffix(index: number): string {
  let rest = index - 1;
  let letters = '';
  do {
    letters = String.fromCharCode(97 + (rest % 26)) + letters;
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return letters;
}
