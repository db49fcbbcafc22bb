import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands/topics.js';
import { runCommand } from './capture.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'newshound-topics-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function topicsFile(topics: unknown): Promise<string> {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(topics));
  return file;
}

describe('newshound topics', () => {
  it('check: exit 0 when every configured topic compiles and every example behaves', async () => {
    const { code, stdout } = await runCommand(run, ['check']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok {3}csto \(\d+ examples\)$/m);
    expect(stdout).toMatch(/^ok {3}nagorno-karabakh \(\d+ examples\)$/m);
    expect(stdout).toContain('every example behaves');
  });

  it('check: exit 1 naming the topic, the position and what was expected for a bad query', async () => {
    const file = await topicsFile([
      { id: 'fine', name: 'Fine', query: 'CSTO', examples: { match: [{ title: 'CSTO' }] } },
      { id: 'broken', name: 'Broken', query: 'CSTO OR (ОДКБ' },
    ]);
    const { code, stdout, stderr } = await runCommand(run, ['check', '--topics', file]);
    expect(code).toBe(1);
    expect(stdout).toContain('ok   fine');
    expect(stdout).toContain('FAIL broken');
    expect(stderr).toContain('topic "broken": invalid query at position 13: expected \')\' to close the \'(\' at position 8');
    expect(stderr).toContain('1 problem in 1 of 2 topics');
  });

  it('check: exit 1 naming the example and what was expected', async () => {
    const file = await topicsFile([
      { id: 'csto', name: 'CSTO', query: 'CSTO', examples: { match: [{ title: 'ОДКБ summit' }], noMatch: [{ title: 'CSTO drills', text: 'x' }] } },
    ]);
    const { code, stderr } = await runCommand(run, ['check', '--topics', file]);
    expect(code).toBe(1);
    expect(stderr).toContain('topic "csto": examples.match[0] must match but did not: title "ОДКБ summit"');
    expect(stderr).toContain('topic "csto": examples.noMatch[0] must not match but did, via CSTO (title): title "CSTO drills", text "x"');
  });

  it('check: exit 1 on duplicate ids', async () => {
    const file = await topicsFile([
      { id: 'a', name: 'A', query: 'x' },
      { id: 'a', name: 'A', query: 'y' },
    ]);
    const { code, stderr } = await runCommand(run, ['check', '--topics', file]);
    expect(code).toBe(1);
    expect(stderr).toContain('duplicate topic id "a"');
  });

  it('list: shows id, name and query', async () => {
    const { code, stdout } = await runCommand(run, ['list']);
    expect(code).toBe(0);
    expect(stdout).toContain('csto  CSTO\n    CSTO OR ОДКБ');
  });

  it.each([[[]], [['frobnicate']], [['check', 'extra']]])('usage error for %j', async (argv) => {
    const { code, stderr } = await runCommand(run, argv);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: newshound topics');
  });
});
