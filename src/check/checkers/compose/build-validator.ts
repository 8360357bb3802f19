/**
 * Run by `npm run build` after `tsc`: writes the Compose schema's precompiled validator
 * (`validator.ts`) beside the compiled module in `dist/`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PRECOMPILED, validatorSource } from './validator.js';

writeFileSync(fileURLToPath(new URL(`./${PRECOMPILED}`, import.meta.url)), validatorSource());
