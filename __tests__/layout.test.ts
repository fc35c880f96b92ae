/**
 * The layout rules of the project (issue 17), checked on the work tree as it stands:
 * - no import cycle among the source files (lib/, scripts/, tools/, bootstrap/, main.ts), type-only imports included:
 *   imports are read with the TypeScript compiler's parser, not with a regular expression;
 * - no source file over 300 lines (one concern per file);
 * - the README's layout table names every top-level folder of lib/ and tools/;
 * - lib/ is layered: a folder imports only from its own or a lower layer (LIB_LAYERS), so the
 *   config never reaches the constructs, the constructs never the stacks, nothing the module.
 * The graph and line rules are also tried on small planted trees, so they are known to fail when they should.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
const SOURCE_ROOTS = ["lib", "scripts", "tools", "bootstrap", "main.ts"];
const MAX_LINES = 300;
/** Source files allowed over MAX_LINES, each with the reason. Keep it empty. */
const LONG_FILE_EXCEPTIONS: Record<string, string> = {};

/**
 * The layers of lib/, lowest first: the top-level file or folder of lib/ -> its layer. A file may
 * import from its own layer or a lower one; every top-level entry of lib/ must be listed.
 */
const LIB_LAYERS: Record<string, number> = {
  "cdktf-core": 0,
  config: 1,
  restore: 1,
  constructs: 2,
  policy: 3,
  stacks: 3,
  module: 4,
  app: 5,
};

/** Every .ts and .js file under `roots` (relative to `root`), as paths relative to `root` with "/" separators. */
function sourceFiles(root: string, roots: string[]): string[] {
  const out: string[] = [];
  const visit = (rel: string) => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return;
    if (fs.statSync(abs).isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) if (name !== "node_modules") visit(path.posix.join(rel, name));
    } else if (/\.(ts|js)$/.test(rel) && !rel.endsWith(".d.ts")) out.push(rel);
  };
  roots.forEach(visit);
  return out;
}

/** The module specifiers a file names: import and export declarations (type-only too), `import x = require()`, require() and import() calls. */
function importSpecifiers(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith(".js") ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (ts.isStringLiteral(e)) out.push(e.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0])) {
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      if (isRequire || node.expression.kind === ts.SyntaxKind.ImportKeyword) out.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The project file a relative specifier of `from` names, or undefined (a package, or a file outside `files`). */
function resolveSpecifier(from: string, spec: string, files: Set<string>): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  return [base, `${base}.ts`, `${base}.js`, `${base}/index.ts`, `${base}/index.js`].find((c) => files.has(c));
}

/** file -> the project files it imports. */
function importGraph(root: string, files: string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const targets = importSpecifiers(f, fs.readFileSync(path.join(root, f), "utf8"))
      .map((s) => resolveSpecifier(f, s, known))
      .filter((t): t is string => t !== undefined);
    graph.set(f, [...new Set(targets)].sort());
  }
  return graph;
}

/** The import cycles of `graph`: its strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return found;
}

/** Files over `max` lines that are not in `exceptions`, as "path: N lines". */
function longFiles(root: string, files: string[], max: number, exceptions: Record<string, string>): string[] {
  return files
    .map((f) => ({ f, n: fs.readFileSync(path.join(root, f), "utf8").replace(/\n$/, "").split("\n").length }))
    .filter(({ f, n }) => n > max && !(f in exceptions))
    .map(({ f, n }) => `${f}: ${n} lines`);
}

/** The top-level entry of lib/ a lib file belongs to ("lib/config/x.ts" -> "config", "lib/app.ts" -> "app"). */
function libEntry(file: string): string {
  return file.split("/")[1].replace(/\.(ts|js)$/, "");
}

/** Imports of a lib file from a higher layer, and lib entries missing from `layers`, as readable lines. */
function layerViolations(graph: Map<string, string[]>, layers: Record<string, number>): string[] {
  const out = new Set<string>();
  for (const [from, targets] of graph) {
    if (!from.startsWith("lib/")) continue;
    if (!(libEntry(from) in layers)) out.add(`lib/${libEntry(from)} has no layer`);
    for (const to of targets.filter((t) => t.startsWith("lib/"))) {
      const [a, b] = [layers[libEntry(from)], layers[libEntry(to)]];
      if (a !== undefined && b !== undefined && b > a) out.add(`${from} (layer ${a}) imports ${to} (layer ${b})`);
    }
  }
  return [...out].sort();
}

/** The README section "## Project layout" (up to the next "## " heading). */
function layoutSection(readme: string): string {
  const start = readme.indexOf("\n## Project layout");
  if (start < 0) return "";
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Top-level folders of `dir` (relative to `root`) that the layout section does not name as `dir/name/`. */
function unlistedFolders(root: string, dir: string, section: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `${dir}/${e.name}/`)
    .filter((p) => !section.includes(p))
    .sort();
}

/** Writes `files` (path -> content) under a fresh temporary directory and returns it. */
function plantTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "layout-"));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe("project layout", () => {
  const files = sourceFiles(ROOT, SOURCE_ROOTS);

  test("the source tree is found (the rules below are not vacuous)", () => {
    expect(files).toContain("main.ts");
    expect(files).toContain("scripts/jest-sequencer.js");
    expect(files.filter((f) => f.startsWith("lib/")).length).toBeGreaterThan(100);
    // A file with imports resolves to project files: main.ts imports lib/app.ts.
    expect(importGraph(ROOT, files).get("main.ts")).toContain("lib/app.ts");
  });

  test("no import cycle among lib/, scripts/, tools/, bootstrap/ and main.ts (type-only imports included)", () => {
    expect(cycles(importGraph(ROOT, files))).toEqual([]);
  });

  test(`no source file over ${MAX_LINES} lines`, () => {
    expect(longFiles(ROOT, files, MAX_LINES, LONG_FILE_EXCEPTIONS)).toEqual([]);
    for (const [file, reason] of Object.entries(LONG_FILE_EXCEPTIONS)) {
      expect(reason.trim()).not.toBe("");
      expect(files).toContain(file);
    }
  });

  test("lib/ imports only downwards: cdktf-core < config, restore < constructs < policy, stacks < module < app", () => {
    expect(layerViolations(importGraph(ROOT, files), LIB_LAYERS)).toEqual([]);
  });

  test("the README layout table names every top-level folder of lib/ and tools/", () => {
    const section = layoutSection(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
    expect(section).toContain("| path | what |");
    expect([...unlistedFolders(ROOT, "lib", section), ...unlistedFolders(ROOT, "tools", section)]).toEqual([]);
  });
});

describe("the layout rules fail when they should (planted trees)", () => {
  test("a type-only cycle, a cycle through require() and index.ts, and a self-import are found; an acyclic tree passes", () => {
    const root = plantTree({
      "lib/a.ts": 'import type { B } from "./b";\nexport type A = { b?: B };\n',
      "lib/b.ts": 'import { type A } from "./a";\nexport type B = { a?: A };\n',
      "lib/c/index.ts": 'export * from "../d";\n',
      "lib/d.js": 'const c = require("./c");\nmodule.exports = c;\n',
      "lib/e.ts": 'export const e = () => import("./e");\n',
      "lib/f.ts": 'import { a } from "./g";\nimport * as fs from "fs";\nexport const f = [a, fs];\n',
      "lib/g.ts": "export const a = 1;\n",
    });
    try {
      expect(cycles(importGraph(root, sourceFiles(root, ["lib"])))).toEqual([["lib/a.ts", "lib/b.ts"], ["lib/c/index.ts", "lib/d.js"], ["lib/e.ts"]]);
      fs.rmSync(path.join(root, "lib/e.ts"));
      fs.writeFileSync(path.join(root, "lib/b.ts"), "export type B = { n: number };\n");
      fs.writeFileSync(path.join(root, "lib/d.js"), "module.exports = 1;\n");
      expect(cycles(importGraph(root, sourceFiles(root, ["lib"])))).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test("an import from a higher layer and an unlisted lib entry are reported; downward imports pass", () => {
    const root = plantTree({
      "lib/config/schema.ts": 'import { x } from "../constructs/x";\nexport const s = x;\n',
      "lib/constructs/x.ts": 'import { c } from "../cdktf-core";\nexport const x = c;\n',
      "lib/cdktf-core.ts": "export const c = 1;\n",
      "lib/extra/y.ts": 'import { c } from "../cdktf-core";\nexport const y = c;\n',
    });
    try {
      const graph = importGraph(root, sourceFiles(root, ["lib"]));
      const layers = { "cdktf-core": 0, config: 1, constructs: 2 };
      expect(layerViolations(graph, layers)).toEqual(["lib/config/schema.ts (layer 1) imports lib/constructs/x.ts (layer 2)", "lib/extra has no layer"]);
      fs.writeFileSync(path.join(root, "lib/config/schema.ts"), 'import { c } from "../cdktf-core";\nexport const s = c;\n');
      expect(layerViolations(importGraph(root, sourceFiles(root, ["lib"])), { ...layers, extra: 1 })).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test("a file of 301 lines is reported unless excepted; 300 lines pass", () => {
    const root = plantTree({ "lib/long.ts": "//\n".repeat(301), "lib/ok.ts": "//\n".repeat(300) });
    try {
      const found = sourceFiles(root, ["lib"]);
      expect(longFiles(root, found, 300, {})).toEqual(["lib/long.ts: 301 lines"]);
      expect(longFiles(root, found, 300, { "lib/long.ts": "planted" })).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test("a folder missing from the layout table is reported, one named elsewhere in the README is not enough", () => {
    const root = plantTree({ "tools/cost/x.ts": "", "tools/bench/y.ts": "" });
    try {
      const readme = "# x\n\nSee `tools/bench/`.\n\n## Project layout\n\n| path | what |\n|---|---|\n| `tools/cost/` | costs |\n\n## Other\n";
      expect(unlistedFolders(root, "tools", layoutSection(readme))).toEqual(["tools/bench/"]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
