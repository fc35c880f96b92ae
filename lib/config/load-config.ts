/**
 * Reads and validates the user's configuration file. Nothing here touches the output
 * directory: a bad file fails before any stack is synthesized.
 */
import * as fs from "fs";
import * as path from "path";
import type { $ZodIssue } from "zod/v4/core";
import { ConfigSchema, JenkinsConfig } from "./schema";

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

/**
 * Which file to read: `$JENKINS_VARS` if set, else `vars.json`, else `vars.example.json`,
 * relative to `dir`.
 */
export function resolveVarsFile(dir: string, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[VARS_ENV];
  if (explicit) {
    const p = path.resolve(dir, explicit);
    if (!fs.existsSync(p)) throw new ConfigError(`${VARS_ENV}=${explicit}: file not found (${p}). Point it at a vars file, or unset it to use vars.json.`);
    return p;
  }
  const own = path.join(dir, "vars.json");
  if (fs.existsSync(own)) return own;
  const example = path.join(dir, "vars.example.json");
  if (fs.existsSync(example)) return example;
  throw new ConfigError(`No configuration found: create ${own} (copy vars.example.json) or set ${VARS_ENV}.`);
}

function valueAt(input: unknown, keyPath: PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const k of keyPath) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k as string];
  }
  return cur;
}

function show(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function describeIssue(issue: $ZodIssue, input: unknown): string[] {
  const field = issue.path.length ? issue.path.map(String).join(".") : "(root)";
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) => {
      const full = issue.path.length ? `${field}.${k}` : k;
      return `${full}: unknown field; remove it or check its spelling (see vars.schema.json)`;
    });
  }
  const received = valueAt(input, issue.path);
  if (issue.code === "invalid_type" && received === undefined) return [`${field}: required field is missing (${issue.message})`];
  if (issue.code === "invalid_union" || issue.code === "invalid_value") {
    return [`${field}: got ${show(received)}; ${issue.message}`];
  }
  return [`${field}: got ${show(received)}; ${issue.message}`];
}

/** Validates a parsed object; throws a ConfigError listing every problem. */
export function parseConfig(input: unknown, source = "configuration"): JenkinsConfig {
  const result = ConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((i) => describeIssue(i, input));
  throw new ConfigError(`Invalid ${source}:\n${problems.map((p) => `  - ${p}`).join("\n")}`, problems);
}

/** Reads, parses and validates a vars file. */
export function loadConfigFile(file: string): JenkinsConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(`Cannot read ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${path.basename(file)} is not valid JSON: ${(e as Error).message}. Fix the syntax (an editor using vars.schema.json shows where).`);
  }
  return parseConfig(json, path.basename(file));
}

/** Resolves and loads the configuration for the project in `dir`. */
export function loadConfig(dir: string, env: NodeJS.ProcessEnv = process.env): { config: JenkinsConfig; file: string } {
  const file = resolveVarsFile(dir, env);
  return { config: loadConfigFile(file), file };
}
