import type { ResolvedService } from './types.js';
import type { ServiceConfig } from './validate-service.js';

/** The optional fields of {@link ResolvedService} that come from the config alone. */
export type ConfiguredExtras = Pick<
  ResolvedService,
  'rewrites' | 'subdomain' | 'trigger' | 'schedule' | 'topics' | 'env'
>;

/**
 * The config's own fields that a resolved service carries only when they are set, so
 * that a web service of `experimentalServices` keeps the exact shape of SPEC §2.1 and the
 * others say what they run on (a schedule, topics, a subdomain, the rewrites that route
 * to them, env service refs).
 */
export function configuredExtras(config: ServiceConfig): ConfiguredExtras {
  const extras: ConfiguredExtras = {};
  if (config.rewrites) extras.rewrites = config.rewrites;
  if (config.subdomain) extras.subdomain = config.subdomain;
  if (config.trigger) extras.trigger = config.trigger;
  if (config.schedule.length > 0) extras.schedule = config.schedule;
  if (config.topics.length > 0) extras.topics = config.topics;
  if (config.env.length > 0) {
    extras.env = Object.fromEntries(
      config.env.map((ref) => [ref.variable, { type: 'service-ref', service: ref.service }]),
    );
  }
  return extras;
}
