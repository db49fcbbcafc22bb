/**
 * A small evaluator for the subset of Python that feedparser's `Expect:` lines use:
 * literals (str with \x \u \U escapes, int, tuple, dict), names, subscripts, attribute access,
 * calls of a few builtins/methods, `==`/`!=` (chained), `in`, `+`, `not`, `and`, `or`.
 * Names and fields are looked up in an environment the test supplies; a lookup the environment
 * does not model throws `Unsupported`, which marks the case as "not about fields we keep".
 */
export class Unsupported extends Error {}

type Token = { t: 'str' | 'num' | 'id' | 'op'; v: string };

function unescapePython(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[nrt\\'"0]|\n)/g, (_m, e: string) => {
    if (e[0] === 'x' || e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(Number.parseInt(e.slice(1), 16));
    return ({ n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"', '0': '\0', '\n': '' } as Record<string, string>)[e]!;
  });
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:([urbUR]{0,2})('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(\d+)|([A-Za-z_]\w*)|(==|!=|[[\](){},:.+]))/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(src))) {
    last = re.lastIndex;
    if (m[2] !== undefined) {
      const raw = /r/i.test(m[1] ?? '');
      const body = m[2].slice(1, -1);
      out.push({ t: 'str', v: raw ? body : unescapePython(body) });
    } else if (m[3] !== undefined) out.push({ t: 'num', v: m[3] });
    else if (m[4] !== undefined) out.push({ t: 'id', v: m[4] });
    else out.push({ t: 'op', v: m[5]! });
  }
  if (src.slice(last).trim()) throw new Unsupported(`cannot tokenize "${src.slice(last, last + 20)}"`);
  return out;
}

export type PyValue = unknown;
export interface Env {
  name(id: string): PyValue;
  /** obj[key] and obj.key */
  get(obj: PyValue, key: PyValue): PyValue;
  call(fn: string, target: PyValue | undefined, args: PyValue[]): PyValue;
  equals(a: PyValue, b: PyValue): boolean;
  truthy(v: PyValue): boolean;
}

/** Parses and evaluates `src` against `env`. */
export function evaluate(src: string, env: Env): boolean {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const isOp = (v: string) => toks[i]?.t === 'op' && toks[i]!.v === v;
  const isKw = (v: string) => toks[i]?.t === 'id' && toks[i]!.v === v;
  const expect = (v: string) => {
    if (!isOp(v)) throw new Unsupported(`expected ${v}`);
    i++;
  };
  // Lazy thunks so `and`/`or` short-circuit like Python.
  type Thunk = () => PyValue;
  const orExpr = (): Thunk => {
    let left = andExpr();
    while (isKw('or')) {
      i++;
      const l = left;
      const r = andExpr();
      left = () => (env.truthy(l()) ? true : env.truthy(r()));
    }
    return left;
  };
  const andExpr = (): Thunk => {
    let left = notExpr();
    while (isKw('and')) {
      i++;
      const l = left;
      const r = notExpr();
      left = () => (env.truthy(l()) ? env.truthy(r()) : false);
    }
    return left;
  };
  const notExpr = (): Thunk => {
    if (isKw('not')) {
      i++;
      const inner = notExpr();
      return () => !env.truthy(inner());
    }
    return comparison();
  };
  const comparison = (): Thunk => {
    const first = sum();
    const rest: { op: string; v: Thunk }[] = [];
    for (;;) {
      if (isOp('==') || isOp('!=')) {
        const op = toks[i++]!.v;
        rest.push({ op, v: sum() });
      } else if (isKw('in')) {
        i++;
        rest.push({ op: 'in', v: sum() });
      } else if (isKw('not') && toks[i + 1]?.v === 'in') {
        i += 2;
        rest.push({ op: 'not in', v: sum() });
      } else break;
    }
    if (!rest.length) return first;
    return () => {
      let left = first();
      for (const { op, v } of rest) {
        const right = v();
        let ok: boolean;
        if (op === '==') ok = env.equals(left, right);
        else if (op === '!=') ok = !env.equals(left, right);
        else {
          const has = env.call('__contains__', right, [left]) as boolean;
          ok = op === 'in' ? has : !has;
        }
        if (!ok) return false;
        left = right;
      }
      return true;
    };
  };
  const sum = (): Thunk => {
    let left = postfix();
    while (isOp('+')) {
      i++;
      const l = left;
      const r = postfix();
      left = () => {
        const a = l();
        const b = r();
        if (typeof a === 'string' && typeof b === 'string') return a + b;
        if (typeof a === 'number' && typeof b === 'number') return a + b;
        throw new Unsupported('+ on non-literals');
      };
    }
    return left;
  };
  const postfix = (): Thunk => {
    let value = atom();
    for (;;) {
      if (isOp('[')) {
        i++;
        const key = orExpr();
        expect(']');
        const v = value;
        value = () => env.get(v(), key());
      } else if (isOp('.')) {
        i++;
        const name = peek();
        if (name?.t !== 'id') throw new Unsupported('attribute name');
        i++;
        const v = value;
        if (isOp('(')) {
          const args = callArgs();
          value = () => env.call(name.v, v(), args.map((a) => a()));
        } else value = () => env.get(v(), name.v);
      } else return value;
    }
  };
  const callArgs = (): Thunk[] => {
    expect('(');
    const args: Thunk[] = [];
    while (!isOp(')')) {
      args.push(orExpr());
      if (isOp(',')) i++;
    }
    expect(')');
    return args;
  };
  const atom = (): Thunk => {
    const tok = peek();
    if (!tok) throw new Unsupported('unexpected end');
    i++;
    if (tok.t === 'str') {
      // Adjacent literals concatenate.
      let s = tok.v;
      while (peek()?.t === 'str') s += toks[i++]!.v;
      return () => s;
    }
    if (tok.t === 'num') return () => Number(tok.v);
    if (tok.t === 'id') {
      if (isOp('(')) {
        const args = callArgs();
        return () => env.call(tok.v, undefined, args.map((a) => a()));
      }
      if (tok.v === 'True') return () => true;
      if (tok.v === 'False') return () => false;
      if (tok.v === 'None') return () => null;
      return () => env.name(tok.v);
    }
    if (tok.v === '(') {
      const items: Thunk[] = [];
      let tuple = false;
      while (!isOp(')')) {
        items.push(orExpr());
        if (isOp(',')) {
          tuple = true;
          i++;
        }
      }
      expect(')');
      return tuple || items.length !== 1 ? () => items.map((t) => t()) : items[0]!;
    }
    if (tok.v === '{') {
      const entries: [Thunk, Thunk][] = [];
      while (!isOp('}')) {
        const k = orExpr();
        expect(':');
        entries.push([k, orExpr()]);
        if (isOp(',')) i++;
      }
      expect('}');
      return () => new Map(entries.map(([k, v]) => [k(), v()]));
    }
    throw new Unsupported(`unexpected ${tok.v}`);
  };
  const root = orExpr();
  if (i !== toks.length) throw new Unsupported(`trailing tokens at ${toks[i]?.v}`);
  return env.truthy(root());
}
