/** Reads the commands out of a Markdown document: its fenced shell blocks, and inline code that is a command. */

export interface FencedBlock {
  lang: string;
  text: string;
  /** The heading (## or ###) the block sits under. */
  section: string;
}

export interface DocCommand {
  line: string;
  tokens: string[];
  section: string;
}

const PROGRAMS = /^(npx|aws|npm|git|newshound|cdk) /;

export function headings(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,3} (.+)$/gm)].map((m) => m[1]!.trim());
}

export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let section = '';
  let open: { lang: string; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    if (open) {
      if (line.trim() === '```') {
        blocks.push({ lang: open.lang, text: open.lines.join('\n'), section });
        open = undefined;
      } else open.lines.push(line.trim());
      continue;
    }
    const fence = /^\s*```(\w*)\s*$/.exec(line);
    if (fence) {
      open = { lang: fence[1]!, lines: [] };
      continue;
    }
    const heading = /^#{2,3} (.+)$/.exec(line);
    if (heading) section = heading[1]!.trim();
  }
  if (open) throw new Error(`unclosed code block in section "${section}"`);
  return blocks;
}

/** Markdown outside fenced blocks, with its section per line. */
function proseLines(markdown: string): { line: string; section: string }[] {
  const lines: { line: string; section: string }[] = [];
  let section = '';
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const heading = /^#{2,3} (.+)$/.exec(line);
    if (heading) section = heading[1]!.trim();
    lines.push({ line, section });
  }
  return lines;
}

/** Every command: each line of the `sh` blocks, and each inline code span that starts with a program's name. */
export function docCommands(markdown: string): DocCommand[] {
  const fromBlocks = fencedBlocks(markdown)
    .filter((b) => b.lang === 'sh')
    .flatMap((b) => b.text.split('\n').filter((l) => l.trim() !== '').map((line) => ({ line, section: b.section })));
  const inline = proseLines(markdown).flatMap(({ line, section }) =>
    [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((span) => PROGRAMS.test(span)).map((span) => ({ line: span, section })),
  );
  return [...fromBlocks, ...inline].map((c) => ({ ...c, tokens: tokenize(c.line) }));
}

/** Inline code spans that set a CDK context value (`-c key=value`). */
export function contextSpans(markdown: string): string[] {
  return proseLines(markdown).flatMap(({ line }) => [...line.matchAll(/`-c ([^`=\s]+)=[^`]*`/g)].map((m) => m[1]!));
}

/** Splits a command line into words as a shell would, keeping quoted strings and `<placeholders with spaces>` whole. */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | undefined;
  let angle = 0;
  for (const ch of line) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '<') angle++;
    else if (ch === '>') angle = Math.max(0, angle - 1);
    else if (/\s/.test(ch) && angle === 0) {
      if (current) tokens.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (quote) throw new Error(`unclosed quote in: ${line}`);
  if (current) tokens.push(current);
  return tokens;
}

export const isPlaceholder = (token: string) => /^<[^>]+>$/.test(token);

/** The `-c key=value` pairs of a command. */
export function contextOf(tokens: string[]): Record<string, string> {
  const context: Record<string, string> = {};
  tokens.forEach((token, i) => {
    if (token !== '-c' && token !== '--context') return;
    const pair = tokens[i + 1] ?? '';
    const eq = pair.indexOf('=');
    if (eq < 1) throw new Error(`-c without key=value in: ${tokens.join(' ')}`);
    context[pair.slice(0, eq)] = pair.slice(eq + 1);
  });
  return context;
}

/** The `--flags` of a command (without their values). */
export const flagsOf = (tokens: string[]) => tokens.filter((t) => /^--[a-z]/.test(t)).map((t) => t.split('=')[0]!);
