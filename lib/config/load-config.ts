/**
 * Reads and validates the user's configuration file. Nothing here touches the output
 * directory: a bad file fails before any stack is synthesized.
 *
 * Every problem is reported in one run: field problems (types, patterns, unknown keys) from
 * the zod schema, and the cross-field step (lib/config/rules) run on the configuration with
 * the bad fields replaced by their defaults, keeping only issues of rules that did not read a
 * replaced field (see lib/config/rules/index.ts).
 */
import * as fs from "fs";
import * as path from "path";
import type { $ZodIssue } from "zod/v4/core";
import { ConfigObjectSchema, JenkinsConfig } from "./schema";
import { withDerivedDefaults } from "./rules/aws-names";
import { Issue, RULES, runRules, Warning, WARNINGS } from "./rules";
import { JsonTextProblem, scanJson } from "./json-text";

/** A configuration problem the user can fix; its message names every bad field. */
export class ConfigError extends Error {
  constructor(
    message: string,
    /** The individual problems, one per field. */
    public readonly problems: string[] = [],
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

/** The environment variable naming an explicit vars file. */
export const VARS_ENV = "JENKINS_VARS";

/** Whether `p` is a symbolic link whose target does not exist. */
function brokenLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink() && !fs.existsSync(p);
  } catch {
    return false;
  }
}

/**
 * Which file to read: `$JENKINS_VARS` if set, else `vars.json`, else `vars.example.json`,
 * relative to `dir`. An empty JENKINS_VARS and a vars.json that is a broken link are errors,
 * not a silent fall-back to the example.
 */
export function resolveVarsFile(dir: string, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[VARS_ENV];
  if (explicit !== undefined) {
    if (explicit.trim() === "") throw new ConfigError(`${VARS_ENV} is set but empty. Point it at a vars file, or unset it to use vars.json.`);
    const p = path.resolve(dir, explicit);
    if (brokenLink(p)) throw new ConfigError(`${VARS_ENV}=${explicit}: ${p} is a symbolic link to ${fs.readlinkSync(p)}, which does not exist.`);
    if (!fs.existsSync(p)) throw new ConfigError(`${VARS_ENV}=${explicit}: file not found (${p}). Point it at a vars file, or unset it to use vars.json.`);
    if (!fs.statSync(p).isFile()) throw new ConfigError(`${VARS_ENV}=${explicit}: ${p} is not a file.`);
    return p;
  }
  const own = path.join(dir, "vars.json");
  if (brokenLink(own))
    throw new ConfigError(
      `${own} is a symbolic link to ${fs.readlinkSync(own)}, which does not exist. Fix or remove the link (the example is not used while vars.json exists).`,
    );
  if (fs.existsSync(own)) {
    if (!fs.statSync(own).isFile()) throw new ConfigError(`${own} is not a file.`);
    return own;
  }
  const example = path.join(dir, "vars.example.json");
  if (fs.existsSync(example)) return example;
  throw new ConfigError(`No configuration found: create ${own} (copy vars.example.json) or set ${VARS_ENV}.`);
}

type Path = (string | number)[];

function valueAt(input: unknown, keyPath: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const k of keyPath) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k as string];
  }
  return cur;
}

/** A short rendering of a received value; never recurses deeply (the input may be nested thousands of levels). */
function show(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "number" && !Number.isFinite(v)) return "a number too large to represent (e.g. 1e400)";
  if (Array.isArray(v)) return `a list of ${v.length} item(s)`;
  if (v !== null && typeof v === "object")
    return `an object with keys ${
      Object.keys(v)
        .slice(0, 5)
        .map((k) => JSON.stringify(k))
        .join(", ") || "(none)"
    }`;
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

const fieldName = (p: readonly PropertyKey[]) => (p.length ? p.map(String).join(".") : "(root)");

function describeIssue(issue: $ZodIssue, input: unknown): string[] {
  const field = fieldName(issue.path);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) => {
      const full = issue.path.length ? `${field}.${k}` : k;
      return `${full}: unknown field; remove it or check its spelling (see vars.schema.json)`;
    });
  }
  if (issue.code === "invalid_key") {
    // Name the key, never the value (a tag value may be a secret-ish string).
    const key = issue.path[issue.path.length - 1];
    const parent = fieldName(issue.path.slice(0, -1));
    const inner = issue.issues.map((i) => i.message).join("; ");
    return [`${parent}: key ${JSON.stringify(String(key))} ${inner}`];
  }
  const received = valueAt(input, issue.path);
  if (issue.code === "invalid_union") {
    // A union of literals (retention days, transition days): list the allowed values.
    const branches = issue.errors.flat();
    if (branches.length && branches.every((b) => b.code === "invalid_value")) {
      const allowed = branches.flatMap((b) => (b.code === "invalid_value" ? b.values : [])).map((x) => JSON.stringify(x));
      return [`${field}: got ${show(received)}; must be one of ${allowed.join(", ")}`];
    }
  }
  if (issue.code === "invalid_type" && received === undefined) return [`${field}: required field is missing (${issue.message})`];
  if (issue.code === "invalid_type" && typeof received === "number" && !Number.isFinite(received))
    return [`${field}: got ${show(received)}; must be a finite number`];
  return [`${field}: got ${show(received)}; ${issue.message}`];
}

const describeRuleIssue = (i: Issue | Warning) => `${fieldName(i.path)}: ${i.message}`;

/** The result of validating an input. */
export interface Validation {
  /** The configuration, when there are no problems. */
  readonly config?: JenkinsConfig;
  /** Every problem, one line each, starting with the field. */
  readonly problems: string[];
  /** Settings without effect in the chosen mode. */
  readonly warnings: string[];
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function deleteAt(obj: unknown, p: Path): void {
  const parent = valueAt(obj, p.slice(0, -1));
  if (parent !== null && typeof parent === "object") delete (parent as Record<string | number, unknown>)[p[p.length - 1]];
}

const startsWith = (p: readonly (string | number)[], prefix: readonly (string | number)[]) =>
  prefix.length <= p.length && prefix.every((k, i) => String(p[i]) === String(k));

/** Required fields without defaults: a valid stand-in used only to run the cross-field step. */
const STAND_INS: Array<[Path, unknown]> = [[["state"], { bucketName: "stand-in-bucket" }]];

/**
 * Replaces the fields zod rejected by their defaults (or removes the list they are in), so the
 * cross-field step can run on the rest. Returns the repaired configuration and what was replaced.
 */
function repair(input: Record<string, unknown>, first: $ZodIssue[]): { config?: JenkinsConfig; replaced: Path[] } {
  const work = clone(input);
  const replaced: Path[] = [];
  let issues = first;
  for (let round = 0; round < 8; round++) {
    for (const issue of issues) {
      if (issue.code === "unrecognized_keys") {
        for (const k of issue.keys) deleteAt(work, [...(issue.path as Path), k]);
        continue;
      }
      let p = [...(issue.path as Path)];
      const toList = (q: Path) => {
        // An element of a list: the whole list takes its default, rather than shifting indexes.
        while (q.length && typeof q[q.length - 1] === "number") q = q.slice(0, -1);
        return q;
      };
      p = toList(p);
      // Already replaced and still wrong (a required field without default): one level up.
      while (p.length && replaced.some((r) => r.length === p.length && startsWith(r, p))) p = toList(p.slice(0, -1));
      if (p.length === 0) return { replaced };
      deleteAt(work, p);
      replaced.push(p);
      const standIn = STAND_INS.find(([sp]) => sp.length === p.length && startsWith(p, sp));
      if (standIn) (work as Record<string, unknown>)[String(standIn[0][0])] = clone(standIn[1]);
    }
    const again = ConfigObjectSchema.safeParse(work);
    if (again.success) return { config: withDerivedDefaults(again.data), replaced };
    issues = again.error.issues;
  }
  return { replaced };
}

/** Validates a parsed object: every problem at once, and the warnings. */
export function validateConfig(input: unknown): Validation {
  const result = ConfigObjectSchema.safeParse(input);
  let config: JenkinsConfig | undefined;
  let replaced: Path[] = [];
  const problems: string[] = [];
  if (result.success) config = withDerivedDefaults(result.data);
  else {
    problems.push(...result.error.issues.flatMap((i) => describeIssue(i, input)));
    if (input !== null && typeof input === "object" && !Array.isArray(input))
      ({ config, replaced } = repair(input as Record<string, unknown>, result.error.issues));
  }
  const warnings: string[] = [];
  if (config) {
    const touches = (p: readonly (string | number)[]) => replaced.some((r) => startsWith(p, r));
    // Rules whose issues depend only on the value at the issue's own path (and the fields listed).
    const local: Record<string, Path[]> = { names: [], tags: [], allowedCidrs: [], templatePolicies: [["region"]], arnPartitions: [["region"]] };
    for (const run of runRules(RULES, config, input)) {
      const dependsOnReplaced = run.name in local ? local[run.name].some((p) => touches(p)) : run.reads.some((r) => touches(r));
      if (dependsOnReplaced) continue;
      for (const i of run.issues) if (!touches(i.path)) problems.push(describeRuleIssue(i));
    }
    if (problems.length === 0) for (const run of runRules(WARNINGS, config, input)) warnings.push(...run.issues.map(describeRuleIssue));
  }
  return { config: problems.length === 0 ? config : undefined, problems: [...new Set(problems)], warnings };
}

/** Validates a parsed object; throws a ConfigError listing every problem. */
export function parseConfig(input: unknown, source = "configuration"): JenkinsConfig {
  const v = validateConfig(input);
  if (v.config) return v.config;
  throw new ConfigError(`Invalid ${source}:\n${v.problems.map((p) => `  - ${p}`).join("\n")}`, v.problems);
}

/** Reads, parses and validates a vars file; returns the configuration and its warnings. */
export function loadConfigFileWithWarnings(file: string): { config: JenkinsConfig; warnings: string[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(`Cannot read ${file}: ${(e as Error).message}`);
  }
  const name = path.basename(file);
  // A byte-order mark (editors on Windows write one) is accepted.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${name} is not valid JSON: ${(e as Error).message}. Fix the syntax (an editor using vars.schema.json shows where).`);
  }
  const textProblems: JsonTextProblem[] = scanJson(text);
  if (textProblems.length) {
    const lines = textProblems.map((p) => `${p.path}: ${p.message}`);
    throw new ConfigError(`Invalid ${name}:\n${lines.map((p) => `  - ${p}`).join("\n")}`, lines);
  }
  const v = validateConfig(json);
  if (!v.config) throw new ConfigError(`Invalid ${name}:\n${v.problems.map((p) => `  - ${p}`).join("\n")}`, v.problems);
  return { config: v.config, warnings: v.warnings };
}

/** Reads, parses and validates a vars file. */
export function loadConfigFile(file: string): JenkinsConfig {
  return loadConfigFileWithWarnings(file).config;
}

/** Resolves and loads the configuration for the project in `dir`. */
export function loadConfig(dir: string, env: NodeJS.ProcessEnv = process.env): { config: JenkinsConfig; file: string; warnings: string[] } {
  const file = resolveVarsFile(dir, env);
  return { ...loadConfigFileWithWarnings(file), file };
}
