// The fingerprint packages are pure functions over typed arrays that must also run in a browser:
// their built modules may not statically import Node built-ins or use Node-only globals.
// (core's input loader imports node:fs lazily, inside functions, which bundlers leave alone.)
// Nor may they depend on the decoders (`media`) or the layers above them (`dna`, `cli`).
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

const decodingSide = ['@mediadna/media', '@mediadna/dna', '@mediadna/cli'];

describe('fingerprint packages depend on no decoder or higher layer', () => {
  for (const name of pureParts) {
    it(`@mediadna/${name} has none of ${decodingSide.join(', ')} in its dependencies`, () => {
      const manifest = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
      expect(manifest.name).toBe(`@mediadna/${name}`);
      const declared = ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) => Object.keys(manifest[field] ?? {}));
      expect(declared.filter((dependency) => decodingSide.includes(dependency))).toEqual([]);
    });
  }
});

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
