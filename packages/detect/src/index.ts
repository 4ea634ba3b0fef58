export { detectServices } from './detect-services.js';
export type { DetectOptions, DetectServicesResult } from './detect-services.js';
export { ERROR_CODES, SvcpackError, isSvcpackError, problem, sortProblems } from './errors.js';
export type { ErrorCode, ProblemDetails } from './errors.js';
export { createMemoryFileSystem, createNodeFileSystem } from './file-system.js';
export type { DetectFileSystem, EntryKind } from './file-system.js';
export * from './types.js';
