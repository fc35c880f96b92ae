/** The bench's report: the table of measures with their targets (docs/bench.md), and how the figures are taken. */
import type { Series } from "./timing";

/** How the figures are taken (written under the table in docs/bench.md). */
export const METHOD = [
  "Method: each synth measure runs `--runs` times, interleaved so background load spreads evenly; `npm test` runs once,",
  "exactly as `npm test` (scripts/jest-with-typecheck.ts: `tsc --noEmit` alongside jest with every suite, the emulator",
  "end-to-end included, install excluded), with the 1-minute load average before and after it in its label. On this",
  "2-core machine other processes change that figure several-fold: take it on an otherwise idle machine (load below 1",
  "at the start). Per-suite times come from jest's `--json` report.",
].join("\n");

export interface Row {
  readonly key: string;
  readonly label: string;
  readonly series?: Series;
  readonly value?: string;
  readonly target?: { max: number; unit: string; text: string };
  readonly note?: string;
}

function fmt(v: number, unit: Series["unit"]): string {
  if (unit === "s") return `${v.toFixed(2)} s`;
  if (unit === "MB") return `${v.toFixed(0)} MB`;
  return `${v.toFixed(1)}x`;
}

export function verdict(row: Row): string {
  if (!row.target || !row.series) return "";
  return row.series.median <= row.target.max ? "PASS" : "MISS";
}

export function table(rows: Row[]): string {
  const header = ["Measure", "Runs", "Min", "Median", "Max", "Target", "Result"];
  const lines = rows.map((r) => {
    const s = r.series;
    return [
      r.label,
      s ? String(s.samples.length) : "",
      s ? fmt(s.min, s.unit) : "",
      s ? fmt(s.median, s.unit) : (r.value ?? ""),
      s ? fmt(s.max, s.unit) : "",
      r.target?.text ?? "",
      verdict(r),
    ];
  });
  const md = [`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`, ...lines.map((l) => `| ${l.join(" | ")} |`)];
  return md.join("\n");
}
