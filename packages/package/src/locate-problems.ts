import type { ConfigDocument, Problem } from '@svcpack/detect';
import { createNodeFileSystem, loadConfig } from '@svcpack/detect';

/** The dialects' service maps (SPEC §1.1, §1.2), where a service's config lives. */
const SERVICE_MAPS = ['experimentalServices', 'services'] as const;

/**
 * Places problems that a packer reported against a service's config (a pointer such as
 * `/experimentalServices/api/includeFiles/1`, no line yet) in the config file: `file`, the
 * pointer as the file spells it (the `services` dialect, or `includeFiles` given as one
 * string) and the line and column the config document gives. The config is read only when
 * some problem needs it, so a run without such problems reads nothing more.
 */
export async function locateInConfig(
  root: string,
  configFile: string | null,
  problems: readonly Problem[],
): Promise<Problem[]> {
  if (!problems.some(needsLocation)) return [...problems];
  const loaded = await loadConfig(createNodeFileSystem(root)).catch(() => null);
  const document = loaded?.document ?? null;
  return problems.map((item) => {
    if (!needsLocation(item)) return item;
    if (document === null) return { ...item, file: configFile };
    const path = pathInDocument(document, item.pointer as string);
    if (path === null) return { ...item, file: document.file };
    const at = document.locate(path);
    return { ...item, file: at.file, pointer: at.pointer, line: at.line, column: at.column };
  });
}

function needsLocation(item: Problem): boolean {
  return item.line === null && item.file === null && isServicePointer(item.pointer);
}

function isServicePointer(pointer: string | null): boolean {
  return SERVICE_MAPS.some((map) => pointer?.startsWith(`/${map}/`) === true);
}

/**
 * The longest path of `pointer` that exists in the document, with the service map the
 * service is declared in and array indexes as numbers; `null` when the service is not there.
 */
function pathInDocument(document: ConfigDocument, pointer: string): (string | number)[] | null {
  const [, name, ...rest] = pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (name === undefined) return null;
  const map = SERVICE_MAPS.find(
    (key) => isObject(document.value[key]) && name in (document.value[key] as object),
  );
  if (map === undefined) return null;

  const path: (string | number)[] = [map, name];
  let value: unknown = (document.value[map] as Record<string, unknown>)[name];
  for (const part of rest) {
    if (Array.isArray(value) && /^\d+$/.test(part) && Number(part) < value.length) {
      path.push(Number(part));
      value = value[Number(part)];
    } else if (isObject(value) && part in value) {
      path.push(part);
      value = value[part];
    } else {
      break;
    }
  }
  return path;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
