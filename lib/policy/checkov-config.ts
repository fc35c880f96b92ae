/**
 * The repository's `.checkov.yaml`, rendered from the suppressions, so that a user's checkov
 * run over the synthesized output skips exactly the checks the policy pack suppresses.
 */
import { SUPPRESSIONS } from "./suppressions";
import type { Suppression } from "./types";

/** File name at the repository root. */
export const CHECKOV_CONFIG_FILE = ".checkov.yaml";

/** Whether an id is a checkov one (`CKV_*`, `CKV2_*`). */
export const isCheckovId = (id: string): boolean => /^CKV2?_[A-Z]+_\d+$/.test(id);

function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && `${line} ${word}`.length > width) {
      lines.push(`${indent}# ${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`${indent}# ${line}`);
  return lines;
}

/** `.checkov.yaml` content: one `skip-check` entry per checkov id, preceded by where and why. */
export function renderCheckovConfig(suppressions: readonly Suppression[] = SUPPRESSIONS): string {
  const byId = new Map<string, Suppression[]>();
  for (const s of suppressions.filter((x) => isCheckovId(x.checkId))) byId.set(s.checkId, [...(byId.get(s.checkId) ?? []), s]);
  const ids = [...byId.keys()].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const others = [...new Set(suppressions.filter((x) => !isCheckovId(x.checkId)).map((x) => x.checkId))].sort();
  const out = [
    "# checkov configuration for the synthesized stacks, e.g.",
    "#   checkov -d cdktf.out/stacks/jenkins --framework terraform_json",
    "# GENERATED from lib/policy/suppressions.ts; regenerate with",
    "#   node -r ./scripts/register-swc.js lib/policy/scan-cli.ts --write-checkov-config",
    "# and do not edit by hand: __tests__/policy.test.ts fails when the two disagree.",
    "# checkov skips a check everywhere; the policy pack (lib/policy) suppresses per resource,",
    "# so a new resource that breaks one of these checks still fails `cdktf synth`.",
  ];
  if (others.length) out.push(`# Suppressed policy-pack checks that are not checkov's: ${others.join(", ")}.`);
  out.push("skip-check:");
  for (const id of ids) {
    for (const s of byId.get(id)!) out.push(...wrap(`${s.resourceType} ${s.path}: ${s.reason}`, 100, "  "));
    out.push(`  - ${id}`);
  }
  return `${out.join("\n")}\n`;
}
