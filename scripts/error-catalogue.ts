// Prints the error-code table of docs/API.md from the live catalogue: `npx tsx scripts/error-catalogue.ts`.
import { createTestApp } from '../tests/helpers/test-app.js';

const app = await createTestApp('sqlite');
const rows = Object.values(app.kameng.catalogue).sort((a, b) => a.code.localeCompare(b.code));
console.log('| code | HTTP | when | zh-CN detail |');
console.log('|---|---|---|---|');
for (const e of rows)
  console.log(`| \`${e.code}\` | ${e.status} | ${e.when.replaceAll('|', '\\|')} | ${e.message['zh-CN']} |`);
await app.close();
