// Renders each BPMN file of a directory to SVG with bpmn-js in headless Chromium (Debian's `chromium`).
// Usage: node render.mjs <models dir> <output dir>
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, basename } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modelsDir, outDir] = process.argv.slice(2).map(p => resolve(p));
if (!modelsDir || !outDir) {
  console.error('usage: node render.mjs <models dir> <output dir>');
  process.exit(2);
}
const dist = resolve('node_modules/bpmn-js/dist');
const browser = process.env.CHROMIUM || 'chromium';
const work = mkdtempSync(join(tmpdir(), 'irflow-render-'));
mkdirSync(outDir, { recursive: true });

const unescape = s => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&#39;/g, "'").replace(/&amp;/g, '&');

let failed = 0;
for (const file of readdirSync(modelsDir).filter(f => f.endsWith('.bpmn')).sort()) {
  const xml = readFileSync(join(modelsDir, file), 'utf8');
  const page = join(work, file + '.html');
  writeFileSync(page, `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="${pathToFileURL(join(dist, 'assets/bpmn-js.css'))}">
<script src="${pathToFileURL(join(dist, 'bpmn-viewer.production.min.js'))}"></script></head>
<body><div id="canvas" style="width:1600px;height:1000px"></div><pre id="out"></pre>
<script>
const viewer = new BpmnJS({ container: '#canvas' });
viewer.importXML(${JSON.stringify(xml)})
  .then(({ warnings }) => warnings.length ? Promise.reject(new Error(warnings.map(w => w.message).join('; ')))
      : viewer.saveSVG())
  .then(({ svg }) => { document.getElementById('out').textContent = svg; })
  .catch(e => { document.getElementById('out').textContent = 'ERROR ' + e.message; });
</script></body></html>`);
  const dom = execFileSync(browser, ['--headless', '--no-sandbox', '--disable-gpu', '--allow-file-access-from-files',
    '--virtual-time-budget=20000', '--dump-dom', pathToFileURL(page).href], { encoding: 'utf8', maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'ignore'] });
  const match = dom.match(/<pre id="out">([\s\S]*?)<\/pre>/);
  const text = match ? unescape(match[1]) : 'ERROR no output';
  if (!text.startsWith('<?xml') && !text.startsWith('<svg')) {
    console.error(`${file}: ${text.slice(0, 300)}`);
    failed++;
    continue;
  }
  // bpmn-js names arrow markers at random: number them in order, so an unchanged model draws the same file.
  const markers = new Map();
  const stable = text.replace(/marker-[a-z0-9]+/g, id => {
    if (!markers.has(id)) {
      markers.set(id, `marker-${markers.size + 1}`);
    }
    return markers.get(id);
  });
  const target = join(outDir, basename(file, '.bpmn') + '.svg');
  writeFileSync(target, stable.trimEnd() + '\n');
  console.log(`${file} -> ${target}`);
}
rmSync(work, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
