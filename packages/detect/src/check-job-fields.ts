import { Cron } from 'croner';
import type { CheckedFields } from './check-field-types.js';
import { describeValue } from './check-field-types.js';
import type { JsonPath } from './json-pointer.js';
import { nearestMatch } from './nearest-match.js';
import { JOB_TRIGGERS, type JobTrigger, LIMITS } from './service-fields.js';
import type { ServiceReporter } from './service-reporter.js';
import type { ServiceType } from './types.js';

/** The scheduling and queue fields of a cron, worker or job service, read. */
export interface JobFields {
  /** `schedule`, `worker` → `queue`, `job` → its `trigger`; `null` for web services. */
  trigger: JobTrigger | null;
  /** The cron expressions, as an array; empty when there is no schedule. */
  schedule: string[];
  /** Topic names; a worker without topics listens on `default`. */
  topics: string[];
}

/** A schedule the builder discovers itself (Python only, reference §1.1). */
const DYNAMIC_SCHEDULE = '<dynamic>';

/**
 * Checks `trigger`, `schedule` and `topics` in the order of reference/vercel-services.md
 * §2.3 items 9–13: a job needs a known trigger; cron services and scheduled jobs need a
 * schedule (each a five-field cron expression, parsed by croner); queue jobs need topics;
 * workflow jobs need an entrypoint.
 */
export function checkJobFields(
  reporter: ServiceReporter,
  type: ServiceType | null,
  fields: CheckedFields,
): JobFields {
  const given = fields.trigger as string | undefined;
  let trigger: JobTrigger | null =
    type === 'cron' ? 'schedule' : type === 'worker' ? 'queue' : null;
  if (type === 'job' && given === undefined && !reporter.broken.has('trigger')) {
    reporter.report('MISSING_JOB_TRIGGER', `Job service "${reporter.name}" has no "trigger".`, {
      expected: `"trigger": one of ${JOB_TRIGGERS.join(', ')}`,
      hint: 'Add "trigger": "schedule" (with a "schedule"), "queue" (with "topics") or "workflow".',
    });
  }
  if (given !== undefined) {
    if ((JOB_TRIGGERS as readonly string[]).includes(given)) {
      if (type === 'job') trigger = given as JobTrigger;
    } else {
      const suggestion = nearestMatch(given, JOB_TRIGGERS);
      reporter.report(
        'INVALID_JOB_TRIGGER',
        `"trigger" of service "${reporter.name}" is "${given}", not one of ${JOB_TRIGGERS.join(', ')}.`,
        {
          field: ['trigger'],
          value: given,
          expected: `one of ${JOB_TRIGGERS.join(', ')}`,
          suggestion,
          hint: `Write "trigger": "${suggestion ?? 'schedule'}".`,
        },
      );
    }
  }

  const schedule = checkSchedule(reporter, fields.schedule);
  if (trigger === 'schedule' && fields.schedule === undefined && !reporter.broken.has('schedule')) {
    const code = type === 'cron' ? 'MISSING_CRON_SCHEDULE' : 'MISSING_JOB_SCHEDULE';
    reporter.report(code, `Service "${reporter.name}" runs on a schedule but has no "schedule".`, {
      expected: 'a five-field cron expression such as "0 3 * * *"',
      hint: 'Add "schedule": "0 3 * * *" (minute hour day-of-month month day-of-week).',
    });
  }

  const topics = checkTopics(reporter, type, fields.topics);
  if (type === 'job' && trigger === 'queue' && topics.length === 0) {
    if (!reporter.broken.has('topics')) {
      reporter.report('MISSING_QUEUE_TOPICS', `Queue job "${reporter.name}" has no "topics".`, {
        expected: 'a non-empty array of topic names',
        hint: 'Add "topics": ["orders"] (the queues the job consumes).',
      });
    }
  }
  if (type === 'job' && trigger === 'workflow' && fields.entrypoint === undefined) {
    if (!reporter.broken.has('entrypoint')) {
      reporter.report(
        'MISSING_ENTRYPOINT',
        `Workflow job "${reporter.name}" has no "entrypoint".`,
        {
          expected: '"entrypoint": the file that defines the workflow',
          hint: 'Add "entrypoint", e.g. "workflows/main.py".',
        },
      );
    }
  }
  return {
    trigger,
    schedule,
    topics: topics.length === 0 && type === 'worker' ? ['default'] : topics,
  };
}

function checkSchedule(reporter: ServiceReporter, value: unknown): string[] {
  if (value === undefined) return [];
  if (value === DYNAMIC_SCHEDULE) return [DYNAMIC_SCHEDULE];
  const list = typeof value === 'string' ? [value] : (value as unknown[]);
  if (Array.isArray(value) && value.length === 0) {
    reportSchedule(reporter, ['schedule'], value, 'it is an empty array');
    return [];
  }
  const valid: string[] = [];
  list.forEach((item, index) => {
    const field = typeof value === 'string' ? ['schedule'] : ['schedule', index];
    const reason =
      typeof item !== 'string'
        ? `it is ${describeValue(item)}`
        : item === DYNAMIC_SCHEDULE
          ? `"${DYNAMIC_SCHEDULE}" stands alone, not in an array`
          : item.length < LIMITS.scheduleMin || item.length > LIMITS.scheduleMax
            ? `it is ${item.length} characters long, outside ${LIMITS.scheduleMin}–${LIMITS.scheduleMax}`
            : cronError(item);
    if (reason === null) valid.push(item as string);
    else reportSchedule(reporter, field, item, reason);
  });
  return valid.length === list.length ? valid : [];
}

function reportSchedule(
  reporter: ServiceReporter,
  field: JsonPath,
  value: unknown,
  reason: string,
) {
  const where = field.length > 1 ? `item ${field[1]} of "schedule"` : '"schedule"';
  reporter.report(
    'INVALID_CRON_SCHEDULE',
    `${where} of service "${reporter.name}" is not a cron expression: ${reason}.`,
    {
      field,
      value,
      expected: 'five fields: minute hour day-of-month month day-of-week, e.g. "0 3 * * *"',
      hint: 'Write a five-field expression such as "*/15 * * * *" (every 15 minutes) or "0 3 * * 1" (Mondays at 03:00 UTC).',
    },
  );
}

/** croner's reason, without its class prefix, or `null` when the expression parses. */
function cronError(expression: string): string | null {
  try {
    new Cron(expression, { paused: true, mode: '5-part' });
    return expression.trim().startsWith('@')
      ? 'nicknames such as "@daily" are not five fields'
      : null;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, '').replace(/\.+$/, '');
  }
}

function checkTopics(reporter: ServiceReporter, type: ServiceType | null, value: unknown) {
  if (!Array.isArray(value)) return [];
  if (value.length === 0 && type !== null) {
    reportTopic(reporter, ['topics'], value, 'a non-empty array');
    return [];
  }
  const topics: string[] = [];
  value.forEach((item, index) => {
    if (typeof item === 'string' && item !== '' && item.length <= LIMITS.topic) {
      topics.push(item);
    } else if (type === 'job' && isTopicObject(item)) {
      topics.push((item as { topic: string }).topic);
    } else {
      reportTopic(
        reporter,
        ['topics', index],
        item,
        type === 'job'
          ? `a topic name (1–${LIMITS.topic} characters) or { "topic", "retryAfterSeconds", "initialDelaySeconds" }`
          : `a topic name (1–${LIMITS.topic} characters)`,
      );
    }
  });
  return topics.length === value.length ? topics : [];
}

function isTopicObject(item: unknown): boolean {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return false;
  const { topic, retryAfterSeconds, initialDelaySeconds, ...rest } = item as Record<
    string,
    unknown
  >;
  const inRange = (value: unknown, [min, max]: readonly [number, number]) =>
    value === undefined ||
    (Number.isInteger(value) && (value as number) >= min && (value as number) <= max);
  return (
    Object.keys(rest).length === 0 &&
    typeof topic === 'string' &&
    topic !== '' &&
    topic.length <= LIMITS.topic &&
    inRange(retryAfterSeconds, LIMITS.retryAfterSeconds) &&
    inRange(initialDelaySeconds, LIMITS.initialDelaySeconds)
  );
}

function reportTopic(reporter: ServiceReporter, field: JsonPath, value: unknown, expected: string) {
  const where = field.length > 1 ? `item ${field[1]} of "topics"` : '"topics"';
  reporter.report(
    'CONFIG_INVALID_FIELD_TYPE',
    `${where} of service "${reporter.name}" is ${describeValue(value)}, not ${expected}.`,
    {
      field,
      value,
      expected,
      hint: 'Write "topics": ["orders"].',
    },
  );
}
