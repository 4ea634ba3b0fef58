/**
 * Service-name rules of both dialects (reference/vercel-services.md §1.1, §1.2, §8.5):
 * `experimentalServices` allows upper case and digits, `services` does not.
 */

/** Letter first; letters, digits, `-`, `_`; ends with a letter or digit; at most 64. */
export const SERVICE_NAME = /^[A-Za-z](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?$/;

/** Lower-case letters, `-` and `_`, starting and ending with a letter; at most 64. */
export const ROOT_SERVICE_NAME = /^[a-z](?:[a-z_-]{0,62}[a-z])?$/;

/**
 * A name close to `name` that passes the rule: other characters become `-`, repeats and
 * ends are trimmed (`my service` → `my-service`, `1api` → `api`). With `strict` (the
 * `services` rule) letters are lower-cased and digits dropped.
 */
export function suggestServiceName(name: string, strict = false): string {
  const base = strict ? name.toLowerCase().replace(/[0-9]/g, '') : name;
  const allowed = strict ? /[^a-z_-]+/g : /[^A-Za-z0-9_-]+/g;
  const cleaned = base
    .replace(allowed, '-')
    .replace(/[-_]{2,}/g, '-')
    .replace(strict ? /^[^a-z]+|[^a-z]+$/g : /^[^A-Za-z]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, 64)
    .replace(strict ? /[^a-z]+$/ : /[^A-Za-z0-9]+$/, '');
  return cleaned === '' ? 'service' : cleaned;
}
