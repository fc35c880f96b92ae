/**
 * The layering inside one group of the diagram, for svg.ts: longest-path layers (a resource
 * above what it references, cycles broken by a deterministic DFS) and the barycentre ordering
 * of each layer. Deterministic: the same model gives the same layers in the same order.
 */
import type { DiagramEdge, DiagramNode } from "./model";

/** Longest-path layers inside one group (a node before what it references); cycles broken by DFS. */
export function layerGroup(nodes: DiagramNode[], edges: readonly DiagramEdge[]): DiagramNode[][] {
  const ids = new Set(nodes.map((n) => n.id));
  const out = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) if (ids.has(e.from) && ids.has(e.to)) out.get(e.from)!.push(e.to);
  // Remove back edges (deterministic DFS in id order).
  const state = new Map<string, 1 | 2>();
  const keep = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const visit = (id: string): void => {
    state.set(id, 1);
    for (const to of [...out.get(id)!].sort()) {
      if (state.get(to) === 1) continue;
      keep.get(id)!.push(to);
      if (!state.has(to)) visit(to);
    }
    state.set(id, 2);
  };
  for (const n of [...nodes].sort((a, b) => a.id.localeCompare(b.id))) if (!state.has(n.id)) visit(n.id);
  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    if (depth.has(id)) return depth.get(id)!;
    const d = Math.max(0, ...keep.get(id)!.map((to) => depthOf(to) + 1));
    depth.set(id, d);
    return d;
  };
  const max = Math.max(0, ...nodes.map((n) => depthOf(n.id)));
  const columns: DiagramNode[][] = Array.from({ length: max + 1 }, () => []);
  for (const n of nodes) columns[max - depthOf(n.id)].push(n);
  return columns.filter((c) => c.length > 0);
}

/** Orders each layer by the mean position of its neighbours in the adjacent layer (two sweeps each way). */
export function orderColumns(columns: DiagramNode[][], edges: readonly DiagramEdge[]): void {
  const neighbours = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!neighbours.has(e.from)) neighbours.set(e.from, new Set());
    if (!neighbours.has(e.to)) neighbours.set(e.to, new Set());
    neighbours.get(e.from)!.add(e.to);
    neighbours.get(e.to)!.add(e.from);
  }
  for (const c of columns) c.sort((a, b) => a.type.localeCompare(b.type));
  const sweep = (from: number, to: number) => {
    const rowOf = new Map(columns[from].map((n, i) => [n.id, i]));
    const bary = (n: DiagramNode): number => {
      const rows = [...(neighbours.get(n.id) ?? [])].filter((id) => rowOf.has(id)).map((id) => rowOf.get(id)!);
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : Number.POSITIVE_INFINITY;
    };
    const keyed = columns[to].map((n, i) => ({ n, k: bary(n), i }));
    keyed.sort((a, b) => (a.k === b.k ? a.i - b.i : a.k - b.k));
    columns[to] = keyed.map((x) => x.n);
  };
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 1; i < columns.length; i++) sweep(i - 1, i);
    for (let i = columns.length - 2; i >= 0; i--) sweep(i + 1, i);
  }
}
