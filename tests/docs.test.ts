import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../src/server/config.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** The documents promise things about the code; these tests keep the promises current. */
const read = (file: string) => fs.readFileSync(path.join(import.meta.dirname, '..', file), 'utf8');

describe('documentation', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp('sqlite');
  });
  afterAll(async () => {
    await app.close();
  });

  it('docs/API.md lists every error code with its HTTP status', () => {
    const api = read('docs/API.md');
    // Prettier pads table cells, so match the row loosely: | `CODE` | status |
    const listed = (code: string, status: number) =>
      new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${status}\\s*\\|`).test(api);
    const missing = Object.values(app.kameng.catalogue).filter((e) => !listed(e.code, e.status));
    expect(
      missing.map((e) => e.code),
      'run: npx tsx scripts/error-catalogue.ts',
    ).toEqual([]);
  });

  it('docs/API.md lists every route', () => {
    const api = read('docs/API.md');
    const documented = (url: string) => api.includes(url.replace(/:(\w+)/g, '{$1}'));
    const missing = app.kameng.routes.filter((r) => !r.url.startsWith('/api/docs') && !documented(r.url));
    expect(missing.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('README.md documents every configuration variable', () => {
    const readme = read('README.md');
    expect(CONFIG_VARIABLES.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });

  it('README.md shows the two commands that must stay true', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });

  it('docs/ARCHITECTURE.md has a line for every source folder', () => {
    const architecture = read('docs/ARCHITECTURE.md');
    const folders: string[] = [];
    const walk = (dir: string, depth: number) => {
      for (const entry of fs.readdirSync(path.join(import.meta.dirname, '..', dir), {
        withFileTypes: true,
      })) {
        if (!entry.isDirectory() || entry.name === 'node_modules') continue;
        const folder = `${dir}/${entry.name}`;
        folders.push(folder);
        if (depth > 1) walk(folder, depth - 1);
      }
    };
    walk('src', 3);
    const missing = folders.filter((folder) => !architecture.includes(`${path.basename(folder)}/`));
    expect(missing).toEqual([]);
  });
});
