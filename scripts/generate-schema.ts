/**
 * Writes vars.schema.json (JSON Schema for editors) and the configuration reference in
 * docs/configuration.md
 * from the one zod schema in lib/config/schema.ts.
 *   node -r ./scripts/register-swc.js scripts/generate-schema.ts          write both
 *   node -r ./scripts/register-swc.js scripts/generate-schema.ts --check  fail if either is stale
 */
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { ConfigSchema } from "../lib/config/schema-with-rules";

const ROOT = path.resolve(__dirname, "..");
export const SCHEMA_FILE = path.join(ROOT, "vars.schema.json");
export const REFERENCE_FILE = path.join(ROOT, "docs", "configuration.md");
const BEGIN = "<!-- BEGIN_CONFIG_REFERENCE -->";
const END = "<!-- END_CONFIG_REFERENCE -->";

type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  additionalProperties?: JsonSchema | boolean;
  [k: string]: unknown;
};

/** The JSON Schema of vars.json. */
export function jsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(ConfigSchema, { io: "input", target: "draft-7", unrepresentable: "any" }) as JsonSchema;
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://github.com/serverless-jenkins-cdktf/vars.schema.json",
    title: "serverless-jenkins-cdktf configuration (vars.json)",
    ...schema,
  };
}

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(" \\| ");
  if (s.anyOf) {
    const consts = s.anyOf.filter((a) => a.const !== undefined).map((a) => a.const);
    if (consts.length === s.anyOf.length) return `one of ${consts.join(", ")}`;
    return s.anyOf.map(typeOf).join(" \\| ");
  }
  if (s.type === "array") return `${s.items ? typeOf(s.items) : "any"}[]`;
  if (s.type === "object" && !s.properties) return "map";
  return String(s.type ?? "any");
}

/** Markdown table rows: one per leaf field, dotted paths. */
export function referenceRows(s: JsonSchema = jsonSchema(), prefix = "", requiredHere: string[] = s.required ?? []): string[] {
  const rows: string[] = [];
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    if (key === "$schema") continue;
    const p = prefix ? `${prefix}.${key}` : key;
    if (prop.type === "object" && prop.properties) {
      if (prop.description) rows.push(`| **\`${p}\`** | section | | ${prop.description} |`);
      rows.push(...referenceRows(prop, p, prop.required ?? []));
      continue;
    }
    const required = requiredHere.includes(key) && prop.default === undefined;
    const def = prop.default === undefined ? (required ? "**required**" : "unset") : `\`${JSON.stringify(prop.default)}\``;
    const desc = (prop.description ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");
    rows.push(`| \`${p}\` | ${typeOf(prop).replace(/\n/g, " ")} | ${def} | ${desc} |`);
    if (prop.type === "array" && prop.items?.properties) rows.push(...referenceRows(prop.items, `${p}[]`, prop.items.required ?? []));
  }
  return rows;
}

/** The reference block between the markers of docs/configuration.md. */
export function referenceBlock(): string {
  return [BEGIN, "| field | type | default | description |", "|---|---|---|---|", ...referenceRows(), END].join("\n");
}

function main(): number {
  const check = process.argv.includes("--check");
  const schemaText = `${JSON.stringify(jsonSchema(), null, 2)}\n`;
  const doc = fs.existsSync(REFERENCE_FILE) ? fs.readFileSync(REFERENCE_FILE, "utf8") : "";
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) {
    process.stderr.write(`${path.relative(ROOT, REFERENCE_FILE)} lacks the markers ${BEGIN} ... ${END}\n`);
    return 1;
  }
  const newDoc = doc.slice(0, start) + referenceBlock() + doc.slice(end + END.length);
  if (check) {
    const stale: string[] = [];
    if (!fs.existsSync(SCHEMA_FILE) || fs.readFileSync(SCHEMA_FILE, "utf8") !== schemaText) stale.push("vars.schema.json");
    if (newDoc !== doc) stale.push("docs/configuration.md reference");
    if (stale.length) {
      process.stderr.write(`Stale: ${stale.join(", ")}. Run: npm run generate\n`);
      return 1;
    }
    return 0;
  }
  fs.writeFileSync(SCHEMA_FILE, schemaText);
  if (newDoc !== doc) fs.writeFileSync(REFERENCE_FILE, newDoc);
  process.stdout.write(`wrote vars.schema.json${newDoc !== doc ? " and the docs/configuration.md reference" : ""}\n`);
  return 0;
}

if (require.main === module) process.exit(main());
