// A tiny static file server on 127.0.0.1 for the browser tests: the built packages (`dist`
// ES modules, loaded through an import map), mp4box's ES module build and the video fixtures.
// Nothing is bundled, so the browser runs exactly the files Node runs.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
/** Folders under the repository the page may load from; anything else is 404. */
const servedFolders = ['packages/core/dist/', 'packages/image/dist/', 'packages/audio/dist/', 'packages/index/dist/', 'packages/video/dist/', 'packages/media/dist/', 'fixtures/video/', 'test/browser/'];
const mp4boxDist = dirname(createRequire(join(root, 'packages/media/package.json')).resolve('mp4box'));
/** CommonJS dependencies (no `require` of their own) served wrapped as ES modules with a default export. */
const commonJs: Record<string, string> = { 'fft.js': createRequire(join(root, 'packages/audio/package.json')).resolve('fft.js') };

const importMap = {
  imports: {
    '@mediadna/core': '/repo/packages/core/dist/index.js',
    '@mediadna/image': '/repo/packages/image/dist/index.js',
    '@mediadna/audio': '/repo/packages/audio/dist/index.js',
    '@mediadna/index': '/repo/packages/index/dist/index.js',
    '@mediadna/video': '/repo/packages/video/dist/index.js',
    // Only the WebCodecs module of media: its barrel also loads the Node-side decoders (CommonJS jpeg-js, pngjs).
    '@mediadna/media/video/webcodecs': '/repo/packages/media/dist/video/webcodecs.js',
    mp4box: '/mp4box/mp4box.all.mjs',
    'fft.js': '/cjs/fft.js',
  },
};

/** The test page: loads `entry` (a module path under /repo/) and exposes its exports as `window.entry`. */
function page(entry: string): string {
  return `<!doctype html><meta charset="utf-8"><title>mediadna browser test</title><link rel="icon" href="data:,">
<script type="importmap">${JSON.stringify(importMap)}</script>
<script type="module">
window.entryError = null;
import(${JSON.stringify(entry)}).then((m) => { window.entry = m; }, (e) => { window.entryError = String(e && e.stack || e); });
</script>`;
}

const types: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.mp4': 'video/mp4' };

export interface StaticServer {
  readonly origin: string;
  close(): Promise<void>;
}

/** Serve on a free loopback port; `/page?entry=/repo/...` is the test page. */
export async function startStaticServer(): Promise<StaticServer> {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    try {
      if (url.pathname === '/page') {
        response.writeHead(200, { 'content-type': 'text/html' }).end(page(url.searchParams.get('entry') ?? ''));
        return;
      }
      let file: string | null = null;
      if (url.pathname.startsWith('/repo/')) {
        const relative = normalize(decodeURIComponent(url.pathname.slice('/repo/'.length)));
        if (servedFolders.some((folder) => relative.startsWith(folder)) && !relative.split(sep).includes('..')) file = join(root, relative);
      } else if (url.pathname.startsWith('/mp4box/')) {
        const name = decodeURIComponent(url.pathname.slice('/mp4box/'.length));
        if (/^[\w.-]+\.mjs$/.test(name)) file = join(mp4boxDist, name);
      } else if (url.pathname.startsWith('/cjs/') && Object.hasOwn(commonJs, url.pathname.slice('/cjs/'.length))) {
        const source = await readFile(commonJs[url.pathname.slice('/cjs/'.length)], 'utf8');
        const wrapped = `const module = { exports: {} };\nconst exports = module.exports;\n${source}\nexport default module.exports;\n`;
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(wrapped);
        return;
      }
      if (file === null) {
        response.writeHead(404).end();
        return;
      }
      const body = await readFile(file);
      const ext = file.slice(file.lastIndexOf('.'));
      response.writeHead(200, { 'content-type': types[ext] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
