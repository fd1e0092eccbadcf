// `npm run demo` end to end: scripts/demo.mjs over the built packages, as a child process, with the
// ffmpeg it finds and with the WASM build forced (what a machine with only Node and npm gets).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const repo = resolve(import.meta.dirname, '..');

function runDemo(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [resolve(repo, 'scripts', 'demo.mjs')],
      { cwd: repo, env: { ...process.env, ...env }, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** The table row of a query and its match, as the demo prints it (columns split by 2+ spaces). */
function row(stdout: string, query: string, key: string): string[] | undefined {
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s{2,}/))
    .find((cells) => cells[0] === query && cells[1] === key);
}

describe('scripts/demo.mjs', () => {
  for (const [name, env] of [
    ['default ffmpeg', {}],
    ['MEDIADNA_FFMPEG=none (WASM)', { MEDIADNA_FFMPEG: 'none' }],
  ] as const) {
    test(`every section finds its copies (${name})`, async () => {
      const { code, stdout, stderr } = await runDemo(env);
      expect(stderr).toBe('');
      expect(stdout).not.toContain('!!');
      expect(stdout).toContain('4 of 4 sections found what they should');
      expect(code).toBe(0);
      if (env.MEDIADNA_FFMPEG === 'none') expect(stdout).toContain('== Video DNA == (decoding with WASM (@ffmpeg/core))');

      expect(stdout).toMatch(/^ {3}bridge +\d/m);
      // Audio: the 35-40 s excerpt is 5-10 s into the stored 30-50 s cut.
      for (const query of ['heroes-5s.mp3', 'heroes-5s.ogg']) {
        const cells = row(stdout, query, 'heroes-20s');
        expect(cells).toBeDefined();
        const [from, to] = cells![4].replace(/s$/, '').split('-').map(Number);
        expect(from).toBeGreaterThan(4.5);
        expect(to).toBeLessThan(10.5);
      }
      expect(row(stdout, 'heroes-5s.mp3', 'battle-20s')).toBeUndefined();
      // Text: edited copy, pasted passage, asr transcript.
      expect(row(stdout, 'tutorial-edited.txt', 'en-tutorial')).toBeDefined();
      expect(row(stdout, 'notes-with-passage.txt', 'en-appendix')).toBeDefined();
      expect(row(stdout, 'subtitles.srt', 'en-appendix')?.[4]).toMatch(/^0\.\d+-[45]\.\d+s$/);
      // Video: the mirrored excerpt and the three clips of the edit.
      expect(row(stdout, 'tree-excerpt-hflip.mp4', 'tree.mp4')).toBeDefined();
      for (const key of ['megamind.mp4', 'tree.mp4', 'vtest.webm']) expect(row(stdout, 'mixed.mkv', key)).toBeDefined();
    });
  }
});
