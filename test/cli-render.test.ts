// Human output of the CLI: job tables for every DNA kind, and the TTY-only progress bar.
import { describe, expect, test } from 'vitest';
import { renderJobs, renderFiles } from '../packages/cli/dist/render.js';
import { ProgressBar } from '../packages/cli/dist/progress.js';

const base = {
  Id: 'a'.repeat(32),
  Code: '',
  Message: '',
  CreationTime: '2026-01-01T00:00:00Z',
  FinishTime: '2026-01-01T00:00:01Z',
  DBId: 'b'.repeat(32),
  UserData: '',
  Input: { Type: 'Media' as const, Media: '/x' },
};

describe('renderJobs', () => {
  test('video and audio matches show their copied time ranges, at most three then +N more', () => {
    const text: string = renderJobs([
      {
        ...base,
        PrimaryKey: 'clip',
        Status: 'Success',
        Config: '{"MediaType":"video"}',
        DNAResult: {
          VideoDNA: [
            {
              PrimaryKey: 'movie',
              Similarity: '0.98',
              Detail: [
                { Input: { Start: '2.0', Duration: '12.0' }, Duplication: { Start: '30.5', Duration: '12.0' } },
                { Input: { Start: '20.0', Duration: '1.0' }, Duplication: { Start: '50.0', Duration: '1.0' } },
                { Input: { Start: '30.0', Duration: '1.0' }, Duplication: { Start: '60.0', Duration: '1.0' } },
                { Input: { Start: '40.0', Duration: '1.0' }, Duplication: { Start: '70.0', Duration: '1.0' } },
              ],
            },
          ],
          AudioDNA: [{ PrimaryKey: 'song', Similarity: '0.7', Detail: [{ Input: { Start: '0.0', Duration: '5.5' }, Duplication: { Start: '10.0', Duration: '5.5' } }] }],
        },
      },
    ]);
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^JobId\s+PrimaryKey\s+Status\s+DNA\s+Match\s+Similarity\s+Where$/);
    expect(lines[1]).toMatch(/clip\s+Success\s+Video\s+movie\s+0\.98\s+input 2-14s = library 30\.5-42\.5s; input 20-21s = library 50-51s; input 30-31s = library 60-61s; \+1 more$/);
    expect(lines[2]).toMatch(/Audio\s+song\s+0\.7\s+input 0-5\.5s = library 10-15\.5s$/);
  });

  test('image matches show transform and distance; text offsets are characters, an asr input side seconds', () => {
    const text: string = renderJobs([
      { ...base, PrimaryKey: 'photo', Status: 'Success', Config: '{}', DNAResult: { ImageDNA: [{ PrimaryKey: 'orig', Similarity: '0.91', Detail: [] as [], Transform: 'rotate90', Distance: 12 }] } },
      {
        ...base,
        PrimaryKey: 'doc',
        Status: 'Success',
        Config: '{"MediaType":"text"}',
        DNAResult: {
          TextDNA: [
            {
              PrimaryKey: 'book',
              Similarity: '0.8',
              Detail: [{ Similarity: '0.8', InputText: 'x', DuplicationText: 'x', InputFragment: { Start: '10', Duration: '40' }, DuplicationFragment: { Start: '100', Duration: '40' } }],
            },
          ],
        },
      },
      {
        ...base,
        PrimaryKey: 'subs',
        Status: 'Success',
        Config: '{"MediaType":"asr"}',
        DNAResult: {
          TextDNA: [
            {
              PrimaryKey: 'book',
              Similarity: '0.6',
              Detail: [{ Similarity: '0.6', InputText: 'x', DuplicationText: 'x', InputFragment: { Start: '1.5', Duration: '2' }, DuplicationFragment: { Start: '0', Duration: '40' } }],
            },
          ],
        },
      },
    ]);
    expect(text).toMatch(/photo\s+Success\s+Image\s+orig\s+0\.91\s+rotate90, distance 12/);
    expect(text).toMatch(/doc\s+Success\s+Text\s+book\s+0\.8\s+input 10-50 chars = library 100-140 chars/);
    expect(text).toMatch(/subs\s+Success\s+Text\s+book\s+0\.6\s+input 1\.5-3\.5s = library 0-40 chars/);
  });

  test('no match, stored without search, running and failed jobs each get one row', () => {
    const text: string = renderJobs([
      { ...base, PrimaryKey: 'none', Status: 'Success', Config: '{}', DNAResult: { ImageDNA: [] } },
      { ...base, PrimaryKey: 'stored', Status: 'Success', Config: '{}', DNAResult: {} },
      { ...base, PrimaryKey: 'busy', Status: 'Analysing', Config: '{}' },
      { ...base, PrimaryKey: 'bad', Status: 'Fail', Config: '{}', Code: 'InvalidMedia.Corrupt', Message: 'The JPEG is damaged' },
    ]);
    expect(text).toMatch(/none\s+Success\s+\(no match\)/);
    expect(text).toMatch(/stored\s+Success\s+\(stored, not searched\)/);
    expect(text).toMatch(/busy\s+Analysing\n/);
    expect(text).toMatch(/bad\s+Fail\s+InvalidMedia\.Corrupt: The JPEG is damaged/);
  });

  test('files table names local paths and OSS objects and hints the next page', () => {
    const text: string = renderFiles(
      [
        { PrimaryKey: 'a', InputFile: { Bucket: '', Location: 'local', Object: '/data/a.jpg' } },
        { PrimaryKey: 'b', InputFile: { Bucket: 'media', Location: 'oss-local', Object: 'x/b.jpg' } },
      ],
      'TOKEN1',
    );
    expect(text).toMatch(/a\s+\/data\/a\.jpg/);
    expect(text).toMatch(/b\s+oss:\/\/media\/x\/b\.jpg/);
    expect(text).toMatch(/More files: --next TOKEN1/);
  });
});

describe('ProgressBar', () => {
  const stream = (isTTY: boolean) => {
    const writes: string[] = [];
    return { writes, isTTY, columns: 60, write: (text: string) => writes.push(text) > 0 };
  };

  test('draws on a terminal and clears the line at the end', () => {
    const terminal = stream(true);
    const bar = new ProgressBar(terminal, 2);
    bar.tick(true);
    bar.tick(false);
    bar.done();
    expect(terminal.writes.some((text) => /\[#+\] 2\/2 \(1 failed\)/.test(text))).toBe(true);
    expect(terminal.writes.at(-1)).toBe('\r\x1b[K');
  });

  test('stays silent when stderr is not a terminal', () => {
    const pipe = stream(false);
    const bar = new ProgressBar(pipe, 2);
    bar.tick(true);
    bar.tick(true);
    bar.done();
    expect(pipe.writes).toEqual([]);
  });
});
