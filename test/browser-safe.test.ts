// The fingerprint packages are pure functions over typed arrays that must also run in a browser:
// their built modules may not statically import Node built-ins or use Node-only globals.
// (core's input loader imports node:fs lazily, inside functions, which bundlers leave alone.)
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const pureParts = ['core', 'image', 'audio', 'text', 'index', 'video'];
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const staticImport = /^\s*(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]/gm;
const nodeGlobals = /\b(?:process\.(?:env|argv|exit|cwd)|Buffer\.(?:from|alloc|concat)|__dirname|require\()/;

function builtFiles(name: string): string[] {
  const dist = join(root, 'packages', name, 'dist');
  return readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => join(dist, file));
}

describe('fingerprint packages are browser-safe', () => {
  for (const name of pureParts) {
    it(`@mediadna/${name} has no static Node built-in imports or Node-only globals`, () => {
      const files = builtFiles(name);
      expect(files.length).toBeGreaterThan(0);
      const offenders: string[] = [];
      for (const file of files) {
        const source = readFileSync(file, 'utf8');
        for (const match of source.matchAll(staticImport)) {
          if (builtins.has(match[1])) offenders.push(`${file}: imports ${match[1]}`);
        }
        if (nodeGlobals.test(source)) offenders.push(`${file}: uses ${source.match(nodeGlobals)![0]}`);
      }
      expect(offenders).toEqual([]);
    });
  }
});
