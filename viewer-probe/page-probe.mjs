// Opens Reel's own web page in headless Debian Chromium, reads what it lists, clicks one "open" button and reports
// what the embedded Rerun web viewer then shows; prints exactly one JSON line:
// {"recordings":[app/rec,...],"segments":[dataset/segment,...],"events":[...],"ranges":{timeline:{min,max}|null},"errors":[...]}
// or {"error":"..."} and exits with 1.
//   usage: node page-probe.mjs PAGE_URL (recording APP/REC | segment DATASET/SEGMENT) RECORDING_ID [timeline ...]
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.REEL_CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT_MS = 60_000;
const ARGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader'];

const errors = [];
function finish(out, code) {
  process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(code));
}
setTimeout(() => finish({ error: `page probe timed out after ${2 * TIMEOUT_MS} ms`, errors }, 1), 2 * TIMEOUT_MS);

const [pageUrl, kind, key, recordingId, ...timelines] = process.argv.slice(2);
run().then((out) => finish(out, 0), (e) => finish({ error: String(e?.message ?? e), errors }, 1));

async function run() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: TIMEOUT_MS });
  const page = await browser.newPage();
  await page.addInitScript(() => { console.debug = () => {}; });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text().slice(0, 500)); });
  page.on('pageerror', (e) => errors.push(String(e).slice(0, 500)));
  page.setDefaultTimeout(TIMEOUT_MS);
  await page.goto(pageUrl);
  const row = kind === 'recording' ? `tr[data-recording="${key}"]`
    : `div[data-dataset="${key.split('/')[0]}"] tr[data-segment="${key.split('/').slice(1).join('/')}"]`;
  await page.waitForSelector(row);
  const recordings = await page.$$eval('tr[data-recording]', (rows) => rows.map((r) => r.dataset.recording));
  const segments = await page.$$eval('div[data-dataset] tr[data-segment]',
    (rows) => rows.map((r) => r.closest('div[data-dataset]').dataset.dataset + '/' + r.dataset.segment));
  await page.click(`${row} button.open`);
  const snapshot = () => page.evaluate(([id, tls]) => {
    const viewer = window.reel.state.viewer;
    const ranges = {};
    for (const t of tls) ranges[t] = viewer ? viewer.get_time_range(id, t) ?? null : null;
    return { events: window.reel.state.events, ranges };
  }, [recordingId, timelines]);
  let seen = await snapshot();
  for (const start = Date.now(); !seen.events.some((e) => e.recording_id === recordingId)
      && Date.now() - start < TIMEOUT_MS;) {
    await page.waitForTimeout(250);
    seen = await snapshot();
  }
  // the chunks keep arriving after recording_open: wait until the ranges stop changing for 2 s
  for (let same = 0, start = Date.now(); same < 8 && Date.now() - start < TIMEOUT_MS;) {
    await page.waitForTimeout(250);
    const next = await snapshot();
    same = JSON.stringify(next) === JSON.stringify(seen) ? same + 1 : 0;
    seen = next;
  }
  await browser.close();
  return { recordings, segments, ...seen, errors };
}
