/**
 * What a rule is and how rules run: each rule sees the configuration through a recorder of the
 * paths it reads, so lib/config/load-config.ts can drop the issues of rules that read a field it
 * had to replace by its default.
 */
import type { JenkinsConfig } from "../schema";
import type { Issue } from "./issue";

/** A rule: adds issues for `c`; `input` is the raw file content (to know what the user set), absent inside the zod schema. */
export type Rule = (c: JenkinsConfig, add: (path: (string | number)[], message: string) => void, input?: unknown) => void;

/** Whether the user wrote a value at `path` in the raw input. */
export function wasSet(input: unknown, path: (string | number)[]): boolean {
  let cur = input;
  for (const k of path) {
    if (cur === null || typeof cur !== "object" || !(k in (cur as object))) return false;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur !== undefined;
}

/** The result of one rule: its issues and every config path it read. */
export interface RuleRun {
  readonly name: string;
  readonly issues: Issue[];
  readonly reads: string[][];
}

/** A read-only view of `obj` that records every property path read. */
function recorder<T extends object>(obj: T, reads: string[][], base: string[] = []): T {
  return new Proxy(obj, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof prop !== "string") return v;
      const p = [...base, prop];
      reads.push(p);
      return v !== null && typeof v === "object" ? recorder(v as object, reads, p) : v;
    },
  });
}

/** Runs rules over `c`, recording the paths each reads. */
export function runRules(rules: Record<string, Rule>, c: JenkinsConfig, input?: unknown): RuleRun[] {
  return Object.entries(rules).map(([name, rule]) => {
    const reads: string[][] = [];
    const issues: Issue[] = [];
    rule(recorder(c, reads), (path, message) => issues.push({ path, message }), input);
    return { name, issues, reads };
  });
}
