import type { ConfigDocument } from './config-document.js';
import { type ErrorCode, type ProblemDetails, problem } from './errors.js';
import type { JsonPath } from './json-pointer.js';
import type { Problem } from './types.js';

/** Where inside a service a problem is, and what was found there. */
export interface ReportDetails
  extends Omit<ProblemDetails, 'file' | 'pointer' | 'line' | 'column'> {
  /** Path below the service object; `[]` is the service itself (located at its name). */
  field?: JsonPath;
  /** Point at the key instead of the value (unknown keys, missing fields). */
  part?: 'key' | 'value';
}

/** Collects the problems of one service, located in the config document. */
export interface ServiceReporter {
  readonly name: string;
  /** Path of the service's object in the document. */
  readonly path: JsonPath;
  readonly problems: Problem[];
  /** Top-level fields of the service that held an error. */
  readonly broken: Set<string>;
  report(code: ErrorCode, message: string, details?: ReportDetails): void;
}

/**
 * A {@link ServiceReporter} for service `name`, whose object sits at `path` in the document
 * (`experimentalServices/<name>` unless the config uses the `services` dialect).
 */
export function createServiceReporter(
  document: ConfigDocument,
  name: string,
  path: JsonPath = ['experimentalServices', name],
): ServiceReporter {
  const problems: Problem[] = [];
  const broken = new Set<string>();

  return {
    name,
    path,
    problems,
    broken,
    report(code, message, { field = [], part, ...details } = {}) {
      const at = document.locate(
        [...path, ...field],
        part ?? (field.length === 0 ? 'key' : 'value'),
      );
      problems.push(problem(code, message, { ...details, ...at }));
      broken.add(field.length === 0 ? '' : String(field[0]));
    },
  };
}
