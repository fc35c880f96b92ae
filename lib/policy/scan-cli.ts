/**
 * Policy-pack scanner for synthesized Terraform JSON.
 *
 *   node -r ./scripts/register-swc.js lib/policy/scan-cli.ts [options] [path...]
 *
 * Each path is a cdk.tf.json (or any *.tf.json) file, or a directory: a directory holding
 * *.tf.json files is scanned as one configuration (a stack or a module directory, whose
 * variables are rendered with the literal defaults of the `variable` blocks of its *.tf
 * files, as checkov does), otherwise its subdirectories are searched (so `cdktf.out` scans
 * every stack). Without paths it scans
 * cdktf.out/stacks. Prints a table of findings; exits 1 when an unsuppressed error remains,
 * 2 on bad usage or when nothing could be scanned, 0 otherwise.
 *
 * Options:
 *   --show-suppressed        also list suppressed findings with their reasons
 *   --json                   print the reports as JSON instead of tables
 *   --list-checks            print the checks of the pack and exit
 *   --write-checkov-config   (re)write .checkov.yaml from lib/policy/suppressions.ts and exit
 */
import * as fs from "fs";
import * as path from "path";
import { CHECKOV_CONFIG_FILE, renderCheckovConfig } from "./checkov-config";
import { POLICY_CHECKS } from "./checks";
import { evaluatePolicy, PolicyReport } from "./policy-pack";
import { hclVariableDefaults } from "./terraform-variables";
import type { Finding } from "./types";

const ROOT = path.resolve(__dirname, "..", "..");
const SKIP_DIRS = new Set([".terraform", "node_modules", "assets", ".git"]);

/** A configuration to scan: a name, the files that make it up, and HCL files with variable defaults. */
interface Target {
  readonly name: string;
  readonly files: string[];
  readonly hclFiles: string[];
}

function filesEndingWith(dir: string, suffix: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The configurations under a path (see the file comment). */
export function targetsOf(p: string): Target[] {
  const stat = fs.statSync(p);
  if (stat.isFile()) return [{ name: p, files: [p], hclFiles: [] }];
  const own = filesEndingWith(p, ".tf.json");
  if (own.length) return [{ name: p, files: own, hclFiles: filesEndingWith(p, ".tf") }];
  return fs
    .readdirSync(p, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !SKIP_DIRS.has(d.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) => targetsOf(path.join(p, d.name)));
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ")).join("\n");
}

function findingRows(findings: Finding[], extra?: (f: Finding) => string): string[][] {
  return [
    ["SEVERITY", "CHECK", "RESOURCE", "CONSTRUCT", extra ? "REASON" : "PROBLEM / FIX"],
    ...findings.map((f) => [f.severity, f.checkId, f.address, f.path ?? "-", extra ? extra(f) : `${f.message}. Fix: ${f.fix}`]),
  ];
}

function printReport(name: string, report: PolicyReport, showSuppressed: boolean): void {
  const { errors, warnings, suppressed } = report;
  process.stdout.write(`\n${name}: ${errors.length} error(s), ${warnings.length} warning(s), ${suppressed.length} suppressed\n`);
  if (report.findings.length) process.stdout.write(`${table(findingRows([...errors, ...warnings]))}\n`);
  if (showSuppressed && suppressed.length) {
    process.stdout.write(`suppressed:\n${table(findingRows(suppressed, (f) => (f as (typeof suppressed)[number]).suppression.reason))}\n`);
  }
}

function listChecks(): void {
  const rows = [["ID", "SEVERITY", "SOURCE", "TYPES", "TITLE"], ...POLICY_CHECKS.map((c) => [c.id, c.severity, c.source, c.resourceTypes.join(","), c.title])];
  process.stdout.write(`${table(rows)}\n${POLICY_CHECKS.length} checks\n`);
}

/** Runs the CLI; returns the exit code. */
export function main(argv: string[]): number {
  const flags = new Set(argv.filter((a) => a.startsWith("--")));
  const unknown = [...flags].filter((f) => !["--show-suppressed", "--json", "--list-checks", "--write-checkov-config"].includes(f));
  if (unknown.length) {
    process.stderr.write(
      `unknown option ${unknown.join(", ")}\nusage: policy-scan.ts [--show-suppressed] [--json] [--list-checks] [--write-checkov-config] [path...]\n`,
    );
    return 2;
  }
  if (flags.has("--list-checks")) {
    listChecks();
    return 0;
  }
  if (flags.has("--write-checkov-config")) {
    const file = path.join(ROOT, CHECKOV_CONFIG_FILE);
    fs.writeFileSync(file, renderCheckovConfig());
    process.stdout.write(`wrote ${path.relative(process.cwd(), file) || file}\n`);
    return 0;
  }
  const paths = argv.filter((a) => !a.startsWith("--"));
  const inputs = paths.length ? paths : [path.join("cdktf.out", "stacks")];
  const targets: Target[] = [];
  for (const p of inputs) {
    if (!fs.existsSync(p)) {
      process.stderr.write(`${p}: no such file or directory${paths.length ? "" : " (run `npx cdktf synth` first, or name the files to scan)"}\n`);
      return 2;
    }
    targets.push(...targetsOf(p));
  }
  if (targets.length === 0) {
    process.stderr.write(`no *.tf.json files under ${inputs.join(", ")}\n`);
    return 2;
  }
  const results: { name: string; report: PolicyReport }[] = [];
  for (const t of targets) {
    let configs: unknown[];
    try {
      configs = t.files.map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
    } catch (e) {
      process.stderr.write(`${t.name}: not valid JSON (${(e as Error).message})\n`);
      return 2;
    }
    const variables = Object.assign({}, ...t.hclFiles.map((f) => hclVariableDefaults(fs.readFileSync(f, "utf8")))) as Record<string, unknown>;
    results.push({ name: t.name, report: evaluatePolicy(configs, { variables }) });
  }
  if (flags.has("--json")) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else for (const r of results) printReport(r.name, r.report, flags.has("--show-suppressed"));
  const errors = results.reduce((n, r) => n + r.report.errors.length, 0);
  if (!flags.has("--json")) {
    process.stdout.write(
      errors
        ? `\nFAILED: ${errors} unsuppressed error(s). Fix the constructs, or add a suppression with its reason to lib/policy/suppressions.ts.\n`
        : `\nOK: no unsuppressed errors (${POLICY_CHECKS.length} checks).\n`,
    );
  }
  return errors ? 1 : 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
