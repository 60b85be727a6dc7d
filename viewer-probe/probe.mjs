// Opens URL in the real Rerun web viewer (page.html) in headless Debian Chromium and prints exactly one JSON
// line on stdout: {"events":[...],"ranges":{recording_id:{timeline:{min,max}|null}},"errors":[...]}.
// On failure it prints {"error":"...","events":[...],"errors":[...]} instead and exits with 1.
//   usage: node probe.mjs PAGE_BASE URL [timeline ...]
//   PAGE_BASE serves /page.html and /web-viewer/ (the @rerun-io/web-viewer package); URL is an http(s) .rrd/.rbl
//   URL, a path on PAGE_BASE ("/files/x.rrd"), or rerun+http://host:port/proxy.
// With REEL_PROBE_LIVE=1 it reports twice: once the first data settled it prints {"phase":"first",...} and waits
// for a line on stdin (the caller sends more data meanwhile), then it waits for the viewer to settle again and
// prints the final line as above: a check that data sent after the viewer connected appears in it.
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.REEL_CHROMIUM ?? '/usr/bin/chromium';
const OVERALL_TIMEOUT_MS = Number(process.env.REEL_PROBE_TIMEOUT_MS ?? 90_000);
const STEP_TIMEOUT_MS = 30_000; // launch, page load, recording_open, settling: each
const POLL_MS = 250;
const SETTLED_POLLS = 8; // 2 s without a change in what the viewer reports: the stream is in
// The machine's network is closed: without the networking flags Chromium keeps trying to reach Google's hosts.
// The GL flags give the viewer WebGL through SwiftShader, as there is no GPU.
const ARGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader'];

const errors = [];
let seen = { events: [] };

function finish(out, code) {
  // Exiting also ends Chromium: Playwright kills the browsers it launched when the process exits.
  process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(code));
}

function fail(message) {
  finish({ error: message, events: seen.events, errors }, 1);
}

setTimeout(() => fail(`probe timed out after ${OVERALL_TIMEOUT_MS} ms`), OVERALL_TIMEOUT_MS);

const [pageBase, url, ...timelines] = process.argv.slice(2);
if (!pageBase || !url) {
  fail('usage: node probe.mjs PAGE_BASE URL [timeline ...]');
} else {
  run(pageBase, url.startsWith('/') ? pageBase + url : url, timelines)
    .then((out) => finish(out, 0), (e) => fail(String(e?.message ?? e).replace(/\u001b\[[0-9;]*m/g, '')));
}

async function run(base, recordingUrl, names) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: STEP_TIMEOUT_MS });
  const page = await browser.newPage();
  // The viewer logs thousands of DEBUG lines (naga compiling every shader) while it draws its first frames, and
  // with Playwright attached each console call is serialised over the DevTools protocol: that alone blocked the
  // page for 15-20 s per open. Nothing here reads debug output, so the page drops it.
  await page.addInitScript(() => { console.debug = () => {}; });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // A failed load names no URL in its text; the location does.
    const where = m.text().startsWith('Failed to load resource') ? ` [${m.location().url}]` : '';
    errors.push(m.text().slice(0, 500) + where);
  });
  page.on('pageerror', (e) => errors.push(String(e).slice(0, 500)));
  // The viewer only logs a warning when it cannot fetch the recording: notice it here rather than wait for a
  // recording_open that will never come.
  let sourceFailed = false;
  page.on('requestfailed', (r) => { sourceFailed ||= r.url() === recordingUrl; });
  page.on('response', (r) => { sourceFailed ||= r.url() === recordingUrl && r.status() >= 400; });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  await page.goto(base + '/page.html?url=' + encodeURIComponent(recordingUrl));

  const snapshot = () => page.evaluate((tls) => {
    const ranges = {};
    for (const e of window.events.filter((e) => e.type === 'recording_open')) {
      ranges[e.recording_id] = {};
      for (const t of tls) ranges[e.recording_id][t] = window.viewer.get_time_range(e.recording_id, t) ?? null;
    }
    return { events: window.events, ranges };
  }, names);
  const opened = (s) => sourceFailed || s.events.some((e) => e.type === 'recording_open' || e.type === 'error');

  for (const start = Date.now(); !opened(seen = await snapshot()) && Date.now() - start < STEP_TIMEOUT_MS;) {
    await page.waitForTimeout(POLL_MS);
  }
  // recording_open comes as soon as the viewer knows the recording; its chunks keep arriving after that, so
  // wait until neither the events nor the time ranges change any more.
  const settle = async () => {
    let same = 0;
    for (const start = Date.now(); opened(seen) && same < SETTLED_POLLS && Date.now() - start < STEP_TIMEOUT_MS;) {
      await page.waitForTimeout(POLL_MS);
      const next = await snapshot();
      same = JSON.stringify(next) === JSON.stringify(seen) ? same + 1 : 0;
      seen = next;
    }
  };
  await settle();
  if (process.env.REEL_PROBE_LIVE === '1') {
    process.stdout.write(JSON.stringify({ phase: 'first', ...seen, errors }) + '\n');
    await new Promise((resolve) => process.stdin.once('data', resolve));
    process.stdin.pause();
    await settle();
  }
  await browser.close();
  return { ...seen, errors };
}
