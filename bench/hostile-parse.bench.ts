/**
 * `newshound parse` on each hostile shape of the security review (bench/support/hostile-shapes.ts, at the sizes it
 * reported; --quick: an eighth) beside an ordinary feed of the same length: wall time and peak RSS of the whole
 * command (node, tsx, the parse worker), from /usr/bin/time. HOSTILE_PARSE_BEFORE=<checkout> runs the same command
 * in another checkout too (the code before bounded parsing), each run killed after HOSTILE_PARSE_CAP_S (default 300);
 * HOSTILE_PARSE_ONLY=<shape>,<shape> runs only those shapes.
 * Then the fast-check fuzzer (test/support/hostile-markup.ts) in process: runs, worst time, and worst ratio to an
 * ordinary feed of the same length.
 *
 *   HOSTILE_PARSE_BEFORE=/work/main npm run bench -- --only hostile-parse
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { hostileDocument } from '../test/support/hostile-markup.js';
import { benignFeedOfLength, fastestParse } from '../test/support/parse-time.js';
import type { BenchFigures, BenchOptions } from './run.js';
import { hostileShapes } from './support/hostile-shapes.js';

const HERE = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  seconds: number;
  peakMb: number;
  exit: string;
  /** stderr's first line: the reason a feed was refused, or the limit that cost items. */
  said: string;
}

/** One `newshound parse <file> --json` in `checkout`, timed by /usr/bin/time, killed after `capSeconds`. */
function timeParse(checkout: string, file: string, capSeconds: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    // TERM, then KILL 5 s later: timeout survives its own TERM and waits, so /usr/bin/time still sees the peak RSS.
    const child = spawn('/usr/bin/time', ['-f', 'TIME %e %M %x', 'timeout', '-k', '5', String(capSeconds), process.execPath, join(checkout, 'bin/newshound.js'), 'parse', file, '--json'], {
      cwd: checkout,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const lines = stderr.trim().split('\n');
      const figures = /^TIME ([\d.]+) (\d+) (-?\d+)$/.exec(lines.at(-1) ?? '');
      if (!figures) return reject(new Error(`no figures from /usr/bin/time: ${stderr.slice(-300)}`));
      const killed = figures[3] === '124' || figures[3] === '137';
      const said = lines.find((l) => l.startsWith('newshound parse')) ?? '';
      resolve({ seconds: Number(figures[1]), peakMb: Number(figures[2]) / 1024, exit: killed ? `killed at ${capSeconds} s` : figures[3]!, said: said.replace(/^newshound parse: /, '').slice(0, 110) });
    });
  });
}

const fmt = (r: Run) => `${r.exit.startsWith('killed') ? '>' : ''}${r.seconds.toFixed(2)} s ${r.peakMb.toFixed(0)} MB`;

export default async function bench(opts: BenchOptions): Promise<BenchFigures> {
  const before = process.env.HOSTILE_PARSE_BEFORE;
  const cap = Number(process.env.HOSTILE_PARSE_CAP_S ?? 300);
  const scale = opts.quick ? 1 / 8 : 1;
  const dir = mkdtempSync(join(tmpdir(), 'hostile-parse-'));
  const shapes: BenchFigures = {};
  try {
    opts.log(`newshound parse, wall time and peak RSS; after = ${HERE}${before ? `, before = ${before} (killed after ${cap} s)` : ''}`);
    const only = process.env.HOSTILE_PARSE_ONLY?.split(',');
    for (const shape of hostileShapes(scale).filter((s) => !only || only.includes(s.name))) {
      const hostileFile = join(dir, `${shape.name}.xml`);
      const benignFile = join(dir, `${shape.name}.benign.xml`);
      writeFileSync(hostileFile, shape.text);
      writeFileSync(benignFile, benignFeedOfLength(shape.text.length));
      const after = await timeParse(HERE, hostileFile, cap);
      const benign = await timeParse(HERE, benignFile, cap);
      const old = before ? await timeParse(before, hostileFile, cap) : undefined;
      const oldBenign = before ? await timeParse(before, benignFile, cap) : undefined;
      shapes[shape.name] = { chars: shape.text.length, after, benign, ...(old ? { before: old, beforeBenign: oldBenign } : {}) };
      opts.log(`${shape.name.padEnd(17)} ${(shape.text.length / 1024).toFixed(0).padStart(5)} KB  ${shape.what}`);
      if (old && oldBenign) opts.log(`  before  ${fmt(old).padEnd(18)} benign ${fmt(oldBenign).padEnd(18)} ×${(old.seconds / oldBenign.seconds).toFixed(1)} time, ×${(old.peakMb / oldBenign.peakMb).toFixed(1)} memory  exit ${old.exit} ${old.said}`);
      opts.log(`  after   ${fmt(after).padEnd(18)} benign ${fmt(benign).padEnd(18)} ×${(after.seconds / benign.seconds).toFixed(1)} time, ×${(after.peakMb / benign.peakMb).toFixed(1)} memory  exit ${after.exit} ${after.said}`);
      if (old) opts.log(`  after/before ×${(after.seconds / old.seconds).toFixed(3)} time, ×${(after.peakMb / old.peakMb).toFixed(2)} memory`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The fuzzer, in process on this checkout's parser: each document timed against an ordinary feed as long.
  const length = opts.quick ? 32 * 1024 : 128 * 1024;
  const runs = opts.quick ? 60 : 300;
  const samples = fc.sample(hostileDocument(length), { numRuns: runs, seed: 11 });
  const benignMs = new Map<number, number>();
  await fastestParse(benignFeedOfLength(length), 3);
  const started = performance.now();
  let worst = { ms: 0, ratio: 0, place: '', unit: '' };
  const ratios: number[] = [];
  for (const doc of samples) {
    const bucket = Math.round(doc.text.length / 4096);
    if (!benignMs.has(bucket)) benignMs.set(bucket, await fastestParse(benignFeedOfLength(doc.text.length), 3));
    const ms = await fastestParse(doc.text, 3);
    const ratio = ms / benignMs.get(bucket)!;
    ratios.push(ratio);
    if (ms > worst.ms) worst = { ms, ratio, place: doc.place, unit: doc.unit };
  }
  ratios.sort((a, b) => a - b);
  const fuzz = {
    runs,
    documentChars: length,
    seconds: (performance.now() - started) / 1000,
    worstMs: worst.ms,
    worstRatio: ratios.at(-1)!,
    p50Ratio: ratios[ratios.length >> 1]!,
    worst,
  };
  opts.log(`fuzz: ${runs} documents of ${length / 1024} KB (seed 11), ${fuzz.seconds.toFixed(1)} s; worst ${worst.ms.toFixed(1)} ms (×${worst.ratio.toFixed(1)} an ordinary feed as long, ${worst.place}, unit ${JSON.stringify(worst.unit)}); ratio p50 ×${fuzz.p50Ratio.toFixed(2)}, max ×${fuzz.worstRatio.toFixed(1)}`);
  return { shapes, fuzz };
}
