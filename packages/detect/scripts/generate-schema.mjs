// Writes schema/vercel-services.schema.json from the field table the validator reads
// (src/service-fields.ts, through src/services-schema.ts). Run after a build:
// `pnpm --filter @svcpack/detect gen:schema`. test/services-schema.test.ts fails when
// the committed file and the generated one differ.
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildServicesSchema } from '../dist/services-schema.js';

const target = new URL('../schema/vercel-services.schema.json', import.meta.url);
mkdirSync(new URL('.', target), { recursive: true });
writeFileSync(target, `${JSON.stringify(buildServicesSchema(), null, 2)}\n`);
