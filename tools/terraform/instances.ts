/**
 * The instances Terraform creates from one resource block of synthesized JSON, where its
 * `for_each` or `count` is a literal: `id["key"]` per element of `toset([...])` or of a map
 * (with `each.key`/`each.value` substituted), `id[i]` per index of a number `count` (with
 * `count.index` and `element([...], count.index)` substituted). A block whose `for_each` or
 * `count` is an expression stays one instance, as written. Used by tests and by the tools that
 * read the synthesized stacks (cost estimate), so they count what Terraform would create.
 */
export type ResourceBody = Record<string, unknown>;

export function instancesOf(id: string, body: ResourceBody): [string, ResourceBody][] {
  const { for_each: forEach, count, ...rest } = body;
  if (forEach !== undefined) {
    let entries: [string, unknown][] | undefined;
    if (forEach && typeof forEach === "object" && !Array.isArray(forEach)) entries = Object.entries(forEach);
    const set = typeof forEach === "string" ? /^\$\{toset\((\[[^$]*\])\)\}$/.exec(forEach) : null;
    if (set) entries = (JSON.parse(set[1]) as string[]).map((x) => [x, x]);
    if (!entries) return [[id, body]];
    return entries.map(([k, v]) => {
      const text = typeof v === "string" ? v : JSON.stringify(v);
      const each = (t: string): unknown =>
        t === "${each.key}" ? k : t === "${each.value}" ? v : t.split("${each.key}").join(k).split("${each.value}").join(text);
      return [`${id}[${JSON.stringify(k)}]`, substitute(rest, each) as ResourceBody];
    });
  }
  if (typeof count === "number") {
    return Array.from({ length: count }, (_, i): [string, ResourceBody] => [
      `${id}[${i}]`,
      substitute(rest, (t) => {
        const el = /^\$\{element\(\[(.*)\], count\.index\)\}$/.exec(t);
        if (el) {
          const items = el[1].split(/,\s*/).map((x) => x.trim());
          const item = items[i % items.length];
          return item.startsWith('"') ? JSON.parse(item) : `\${${item}}`;
        }
        return t.split("${count.index}").join(String(i));
      }) as ResourceBody,
    ]);
  }
  return [[id, body]];
}

function substitute(v: unknown, f: (text: string) => unknown): unknown {
  if (typeof v === "string") return f(v);
  if (Array.isArray(v)) return v.map((x) => substitute(x, f));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, f)]));
  return v;
}
