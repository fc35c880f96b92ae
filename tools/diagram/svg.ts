/**
 * A small, self-contained layered-layout SVG renderer for the architecture model (no graphviz,
 * no browser). Groups are boxes placed in columns from the entry point (edge, alerts) towards
 * what everything depends on (network, keys); inside a group, nodes are layered by their
 * references (a resource above what it references, at most two per row) and ordered by the
 * barycentre of their neighbours; edges are Bézier curves with arrowheads. Output is deterministic: the same stack
 * gives byte-identical SVG, a changed stack a changed SVG.
 */
import { layerGroup, orderColumns } from "./layering";
import { ArchitectureModel, DiagramNode, GROUP_TITLES, GroupId } from "./model";

/** Column of each group, left to right. */
const GROUP_COLUMNS: ReadonlyArray<readonly GroupId[]> = [
  ["edge", "alerts"],
  ["controller", "agents"],
  ["image", "storage"],
  ["network", "keys", "other"],
];

const COLORS: Readonly<Record<GroupId, { fill: string; stroke: string; node: string }>> = {
  edge: { fill: "#eef4fc", stroke: "#3b7dd8", node: "#ffffff" },
  alerts: { fill: "#fdf0ef", stroke: "#c0392b", node: "#ffffff" },
  controller: { fill: "#edf7ef", stroke: "#2e8b57", node: "#ffffff" },
  image: { fill: "#f5eefa", stroke: "#8e44ad", node: "#ffffff" },
  agents: { fill: "#fff6e8", stroke: "#d35400", node: "#ffffff" },
  storage: { fill: "#eaf7f6", stroke: "#138d75", node: "#ffffff" },
  network: { fill: "#f0f2f5", stroke: "#566573", node: "#ffffff" },
  keys: { fill: "#fcf8e3", stroke: "#9a7d0a", node: "#ffffff" },
  other: { fill: "#f6f6f6", stroke: "#888888", node: "#ffffff" },
};

const NODE_W = 214;
const NODE_H = 50;
const NODE_GAP_Y = 30;
const NODE_GAP_X = 34;
/** Nodes per row inside a group; a longer layer wraps. */
const PER_ROW = 2;
const GROUP_PAD = 14;
const GROUP_TITLE_H = 24;
const GROUP_GAP_Y = 34;
const COLUMN_GAP = 110;
const MARGIN = 24;
const HEADER_H = 58;
const FOOTER_H = 40;
const FONT = "Helvetica, Arial, sans-serif";

interface Placed {
  readonly node: DiagramNode;
  x: number;
  y: number;
}

interface GroupBox {
  readonly group: GroupId;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Rows of nodes, top to bottom. */
  readonly rows: DiagramNode[][];
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Approximate text width (Helvetica-like average advance) to decide when to compress text. */
function textWidth(s: string, size: number, bold = false): number {
  return s.length * size * (bold ? 0.62 : 0.56);
}

/**
 * A text element. With `max`, a line too wide at `size` is set smaller (down to 8 px) and then
 * shortened with an ellipsis, so nothing overflows its box in any renderer.
 */
function text(x: number, y: number, s: string, size: number, opts: { bold?: boolean; fill?: string; max?: number } = {}): string {
  let str = s;
  let px = size;
  if (opts.max !== undefined && textWidth(str, px, opts.bold) > opts.max) {
    px = Math.max(8, Math.floor((opts.max / textWidth(str, 1, opts.bold)) * 10) / 10);
    while (str.length > 2 && textWidth(str, px, opts.bold) > opts.max) str = `${str.slice(0, -2)}…`;
  }
  return `<text x="${x}" y="${y}" font-size="${px}"${opts.bold ? ' font-weight="bold"' : ""}${opts.fill ? ` fill="${opts.fill}"` : ""}>${esc(str)}</text>`;
}

/** Line 2 of a node: its member names. */
function namesLine(n: DiagramNode): string {
  const count = n.members.length > 1 ? `${n.members.length}× ` : "";
  const list = n.names.join(", ");
  return `${count}${list}`;
}

/** Line 3 of a node: the folded satellites. */
function satellitesLine(n: DiagramNode): string {
  const parts = Object.entries(n.satellites)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([t, c]) => `${c > 1 ? `${c}× ` : ""}${t.replace(n.type.replace(/^aws_/, "") + "_", "")}`);
  return parts.length ? `+ ${parts.join(", ")}` : "";
}

/** A Bézier from the side of `a` facing `b` to the side of `b` facing `a`. */
function edgePath(a: Placed, b: Placed): string {
  const r = (v: number) => Math.round(v * 10) / 10;
  if (b.x >= a.x + NODE_W + 8 || b.x + NODE_W + 8 <= a.x) {
    const right = b.x > a.x;
    const x1 = right ? a.x + NODE_W : a.x;
    const x2 = right ? b.x : b.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const y2 = b.y + NODE_H / 2;
    const dx = Math.max(30, Math.abs(x2 - x1) / 2) * (right ? 1 : -1);
    return `M${r(x1)},${r(y1)} C${r(x1 + dx)},${r(y1)} ${r(x2 - dx)},${r(y2)} ${r(x2)},${r(y2)}`;
  }
  const down = b.y > a.y;
  const x1 = a.x + NODE_W / 2 + (b.x - a.x) / 8;
  const x2 = b.x + NODE_W / 2 + (a.x - b.x) / 8;
  const y1 = down ? a.y + NODE_H : a.y;
  const y2 = down ? b.y : b.y + NODE_H;
  const dy = Math.max(20, Math.abs(y2 - y1) / 2) * (down ? 1 : -1);
  return `M${r(x1)},${r(y1)} C${r(x1)},${r(y1 + dy)} ${r(x2)},${r(y2 - dy)} ${r(x2)},${r(y2)}`;
}

/** Renders the model as an SVG document. */
export function renderSvg(model: ArchitectureModel, opts: { title?: string; source?: string } = {}): string {
  const byGroup = new Map<GroupId, DiagramNode[]>();
  for (const n of model.nodes) {
    if (!byGroup.has(n.group)) byGroup.set(n.group, []);
    byGroup.get(n.group)!.push(n);
  }

  // Group boxes: inner layout first, sizes from it.
  const boxes = new Map<GroupId, GroupBox>();
  for (const [group, nodes] of byGroup) {
    const layers = layerGroup(nodes, model.edges);
    orderColumns(layers, model.edges);
    const rows = layers.flatMap((l) => Array.from({ length: Math.ceil(l.length / PER_ROW) }, (_, i) => l.slice(i * PER_ROW, (i + 1) * PER_ROW)));
    const perRow = Math.max(...rows.map((r) => r.length));
    const w = perRow * NODE_W + (perRow - 1) * NODE_GAP_X + 2 * GROUP_PAD;
    const h = GROUP_TITLE_H + rows.length * NODE_H + (rows.length - 1) * NODE_GAP_Y + 2 * GROUP_PAD;
    boxes.set(group, { group, x: 0, y: 0, w: Math.max(w, textWidth(GROUP_TITLES[group], 13, true) + 40 + 2 * GROUP_PAD), h, rows });
  }

  // Columns of groups.
  const placed = new Map<string, Placed>();
  let x = MARGIN;
  let height = 0;
  for (const col of GROUP_COLUMNS) {
    const present = col.map((g) => boxes.get(g)).filter((b): b is GroupBox => b !== undefined);
    if (!present.length) continue;
    const colW = Math.max(...present.map((b) => b.w));
    let y = MARGIN + HEADER_H;
    for (const b of present) {
      b.x = x;
      b.y = y;
      b.w = colW;
      b.rows.forEach((row, ri) => {
        const rowW = row.length * NODE_W + (row.length - 1) * NODE_GAP_X;
        const x0 = b.x + (b.w - rowW) / 2;
        const y0 = b.y + GROUP_TITLE_H + GROUP_PAD + ri * (NODE_H + NODE_GAP_Y);
        row.forEach((n, ci) => placed.set(n.id, { node: n, x: x0 + ci * (NODE_W + NODE_GAP_X), y: y0 }));
      });
      y += b.h + GROUP_GAP_Y;
    }
    height = Math.max(height, y - GROUP_GAP_Y);
    x += colW + COLUMN_GAP;
  }
  const width = Math.round(x - COLUMN_GAP + MARGIN);
  const totalH = Math.round(height + FOOTER_H + MARGIN);

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${totalH}" viewBox="0 0 ${width} ${totalH}" font-family="${FONT}">`);
  out.push(`<title>${esc(opts.title ?? `Architecture of the ${model.stackName} stack`)}</title>`);
  out.push("<defs>");
  for (const g of Object.keys(COLORS) as GroupId[]) {
    out.push(
      `<marker id="arrow-${g}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${COLORS[g].stroke}"/></marker>`,
    );
  }
  out.push("</defs>");
  out.push(`<rect x="0" y="0" width="${width}" height="${totalH}" fill="#ffffff"/>`);

  const resourceCount = model.resources.length;
  const satellites = model.resources.filter((r) => r.parent).length;
  const refCount = model.resources.reduce((n, r) => n + r.refs.length, 0);
  out.push(text(MARGIN, MARGIN + 18, opts.title ?? `Architecture of the ${model.stackName} stack`, 20, { bold: true, fill: "#222222" }));
  out.push(
    text(
      MARGIN,
      MARGIN + 40,
      `${resourceCount} resources${model.region ? ` in ${model.region}` : ""}, ${refCount} references between them; ${satellites} configuration resources folded into their parents; ${model.nodes.length} nodes, ${model.edges.length} edges.`,
      12,
      { fill: "#555555" },
    ),
  );

  // Group boxes.
  for (const col of GROUP_COLUMNS) {
    for (const g of col) {
      const b = boxes.get(g);
      if (!b) continue;
      const c = COLORS[g];
      out.push(`<g class="group" id="group-${g}">`);
      out.push(`<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="10" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.5"/>`);
      out.push(text(b.x + GROUP_PAD, b.y + 18, `${GROUP_TITLES[g]} (${model.groupCounts[g] ?? 0})`, 13, { bold: true, fill: c.stroke }));
      out.push("</g>");
    }
  }

  // Edges under the nodes.
  out.push('<g class="edges" fill="none">');
  for (const e of model.edges) {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b) continue;
    const color = COLORS[a.node.group].stroke;
    const sw = (1 + Math.log2(e.count) * 0.7).toFixed(2);
    const d = edgePath(a, b);
    out.push(
      `<path d="${d}" stroke="${color}" stroke-width="${sw}" stroke-opacity="0.55" marker-end="url(#arrow-${a.node.group})"><title>${esc(`${e.from} → ${e.to}${e.count > 1 ? ` (${e.count} references)` : ""}`)}</title></path>`,
    );
  }
  out.push("</g>");

  // Nodes.
  out.push('<g class="nodes">');
  for (const p of [...placed.values()].sort((m, n) => m.node.id.localeCompare(n.node.id))) {
    const n = p.node;
    const c = COLORS[n.group];
    out.push(`<g class="node" id="${esc(n.id.replace(/[^A-Za-z0-9_-]/g, "-"))}">`);
    out.push(`<title>${esc([...n.members, ...Object.entries(n.satellites).map(([t, k]) => `+ ${k} aws_${t}`)].join("\n"))}</title>`);
    out.push(`<rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="${c.node}" stroke="${c.stroke}" stroke-width="1.2"/>`);
    out.push(text(p.x + 8, p.y + 16, n.type.replace(/^aws_/, ""), 12, { bold: true, fill: "#1b1b1b", max: NODE_W - 16 }));
    out.push(text(p.x + 8, p.y + 31, namesLine(n), 10.5, { fill: "#333333", max: NODE_W - 16 }));
    const sat = satellitesLine(n);
    if (sat) out.push(text(p.x + 8, p.y + 44, sat, 9.5, { fill: "#777777", max: NODE_W - 16 }));
    out.push("</g>");
  }
  out.push("</g>");

  const foot = totalH - MARGIN - 8;
  out.push(
    text(
      MARGIN,
      foot,
      "Arrow A → B: A references B (a ${…} token or depends_on; IAM policy documents resolved). n×: resources of that type; + …: configuration resources folded in. Hover for addresses.",
      11,
      { fill: "#666666" },
    ),
  );
  if (opts.source) out.push(text(MARGIN, foot + 16, `Generated by \`npm run diagram\` from ${opts.source}; do not edit.`, 11, { fill: "#999999" }));
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
