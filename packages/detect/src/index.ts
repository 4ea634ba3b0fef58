export type { DetectOptions, DetectServicesResult } from './detect-services.js';
export { detectServices } from './detect-services.js';
export type { ErrorCode, ProblemDetails } from './errors.js';
export { ERROR_CODES, isSvcpackError, problem, SvcpackError, sortProblems } from './errors.js';
export type { DetectFileSystem, EntryKind } from './file-system.js';
export { createMemoryFileSystem, createNodeFileSystem } from './file-system.js';
export * from './types.js';
