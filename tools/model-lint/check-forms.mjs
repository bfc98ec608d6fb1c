// Loads every Camunda Form with the form-js version of Camunda 7.24's Tasklist (see package.json), the way
// Tasklist does: an import error or warning fails the build. Usage: node check-forms.mjs <forms directory>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
// form-js expects a browser: give Node the DOM's globals it lacks (window, document, KeyboardEvent, ...).
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (!(key in globalThis)) {
    try {
      globalThis[key] = dom.window[key];
    } catch {
      // a read-only global of Node's own
    }
  }
}
globalThis.window = dom.window;
globalThis.document = dom.window.document;

// The CommonJS build: the ES build imports lodash paths without extensions, which Node's ES loader refuses.
const { Form } = createRequire(import.meta.url)('@bpmn-io/form-js');

const directory = process.argv[2] || '../../forms';
const files = readdirSync(directory).filter((name) => name.endsWith('.form')).sort();
let failed = 0;
for (const file of files) {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const form = new Form({ container });
  try {
    const schema = JSON.parse(readFileSync(join(directory, file), 'utf8'));
    const { warnings } = await form.importSchema(schema, {});
    if (warnings && warnings.length) {
      failed++;
      console.error(`${file}: ${warnings.length} warning(s): ${warnings.map((w) => w.message || String(w)).join('; ')}`);
    } else {
      console.log(`${file}: ok`);
    }
  } catch (error) {
    failed++;
    console.error(`${file}: ${error.message}`);
  } finally {
    form.destroy();
  }
}
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 && files.length > 0 ? 0 : 1);
