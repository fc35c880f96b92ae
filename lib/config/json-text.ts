/**
 * Checks of a vars file's text that JSON.parse does not make: duplicate keys (JSON.parse
 * silently keeps the last), numbers too large for a double (1e400 becomes Infinity), and
 * nesting deeper than any configuration needs. Iterative, so no input can overflow the stack.
 */

/** A problem found in the text, at a dotted path. */
export interface JsonTextProblem {
  readonly path: string;
  readonly message: string;
}

/** Nesting deeper than this is rejected (the schema's deepest field is 8 levels down). */
export const MAX_DEPTH = 32;

/** Scans syntactically valid JSON text. */
export function scanJson(text: string): JsonTextProblem[] {
  const problems: JsonTextProblem[] = [];
  // One frame per open object/array: its keys seen (objects), its path, the next array index.
  const stack: Array<{ keys?: Set<string>; path: string[]; index: number; pendingKey?: string }> = [];
  const pathOf = (frame: { path: string[] } | undefined, key: string) => [...(frame?.path ?? []), key];
  const currentPath = (): string[] => {
    const top = stack[stack.length - 1];
    if (!top) return [];
    if (top.keys) return pathOf(top, top.pendingKey ?? "?");
    return pathOf(top, String(top.index));
  };
  const show = (p: string[]) => (p.length ? p.join(".") : "(root)");
  let i = 0;
  let expectKey = false;
  let tooDeep = false;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const raw = text.slice(i, j + 1);
      i = j + 1;
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys) {
        const key = JSON.parse(raw) as string;
        if (top.keys.has(key))
          problems.push({
            path: show(pathOf(top, key)),
            message: `the key ${JSON.stringify(key)} appears twice in the same object; JSON keeps only the last one, so remove one of them`,
          });
        top.keys.add(key);
        top.pendingKey = key;
        expectKey = false;
      }
      continue;
    }
    if (ch === "{" || ch === "[") {
      const p = currentPath();
      stack.push(ch === "{" ? { keys: new Set(), path: p, index: 0 } : { path: p, index: 0 });
      if (stack.length > MAX_DEPTH && !tooDeep) {
        tooDeep = true;
        problems.push({ path: show(p), message: `is nested more than ${MAX_DEPTH} levels deep; no setting needs that, check the file` });
      }
      expectKey = ch === "{";
      i++;
      continue;
    }
    if (ch === "}" || ch === "]") {
      stack.pop();
      i++;
      continue;
    }
    if (ch === ",") {
      const top = stack[stack.length - 1];
      if (top?.keys) expectKey = true;
      else if (top) top.index++;
      i++;
      continue;
    }
    if (ch === "-" || (ch >= "0" && ch <= "9")) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      const lit = m ? m[0] : ch;
      if (!Number.isFinite(Number(lit))) problems.push({ path: show(currentPath()), message: `${lit} is too large a number to represent` });
      i += lit.length;
      continue;
    }
    i++;
  }
  return problems;
}
