/**
 * Test support for construct-level tests: a construct synthesized alone in a minimal stack
 * (`Testing.synthScope`), as the text the cdktf matchers read and as parsed JSON.
 */
import type { Construct } from "constructs";
import { Testing } from "../../lib/cdktf-core";
import type { SynthJson } from "./project";

/** What a construct-level test reads: the synthesized text (for the cdktf matchers) and its JSON. */
export interface ScopeSynth {
  readonly out: string;
  readonly json: SynthJson;
}

/** Synthesizes what `build` adds to a fresh stack. */
export function synthScope(build: (scope: Construct) => void): ScopeSynth {
  const out = Testing.synthScope(build);
  const json = JSON.parse(out) as SynthJson;
  json.resource ??= {};
  return { out, json };
}
