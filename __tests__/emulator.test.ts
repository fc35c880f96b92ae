/**
 * The emulator setting (`emulator.enabled`, tools/emulator/emulator-gaps.ts) must never change the real
 * output. Proven two ways:
 *  1. emulator off is byte-identical to a configuration without an `emulator` key (both the
 *     Testing.synth JSON and the whole `cdktf synth` output directory);
 *  2. the emulator output, stripped of the provider/backend emulator settings and of the
 *     effects declared in EMULATOR_GAPS, equals the real output stripped of the resources the
 *     gaps leave out. Every declared effect must occur, so the list cannot go stale.
 */
import * as fs from "fs";
import * as path from "path";
import { Testing } from "../lib/cdktf-core";
import {
  EMULATOR_GAPS,
  EMULATOR_PROVIDER_KEYS,
  EmulatorGap,
  emulatorBackendOverrides,
  emulatorIgnoredChanges,
  emulatorOmittedTypes,
  emulatorProviderSettings,
} from "../tools/emulator/emulator-gaps";
import { configWith, inputWith, project, synthToDir } from "./support/project";
import { parseConfig } from "../lib/config/load-config";

type Json = Record<string, any>;
const ENDPOINT = "http://127.0.0.1:45999";

/** Both stacks of a configuration, as Testing.synth strings. */
function synthStrings(overrides: Record<string, unknown>): { state: string; jenkins: string } {
  const p = project(configWith(overrides));
  return { state: Testing.synth(p.state), jenkins: Testing.synth(p.jenkins) };
}

function synthJson(overrides: Record<string, unknown>): { state: Json; jenkins: Json } {
  const s = synthStrings(overrides);
  return { state: JSON.parse(s.state), jenkins: JSON.parse(s.jenkins) };
}

/** Every file under `dir`, relative path -> content. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

const camelToSnake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Removes `depends_on` entries that name a resource of an omitted type. */
function dropDependencies(body: Json, omitted: Set<string>): void {
  if (!Array.isArray(body.depends_on)) return;
  body.depends_on = body.depends_on.filter((d: string) => !omitted.has(d.split(".")[0]));
  if (body.depends_on.length === 0) delete body.depends_on;
}

/**
 * The real JSON without the resources the emulator leaves out (and references to them in
 * depends_on). Records which omitted types were present.
 */
function stripReal(json: Json, seenOmitted: Set<string>): Json {
  const out = structuredClone(json);
  const omitted = new Set(emulatorOmittedTypes());
  for (const type of Object.keys(out.resource ?? {})) {
    if (omitted.has(type)) {
      seenOmitted.add(type);
      delete out.resource[type];
    }
  }
  for (const bodies of Object.values<Json>(out.resource ?? {})) for (const body of Object.values<Json>(bodies)) dropDependencies(body, omitted);
  return out;
}

/**
 * The emulator JSON without the provider and backend emulator settings and the declared
 * ignore_changes. Checks each removed setting has the value tools/emulator/emulator-gaps.ts defines.
 */
function stripEmulator(json: Json, seenIgnored: Set<string>): Json {
  const out = structuredClone(json);
  const provider = out.provider.aws[0];
  const expected = emulatorProviderSettings(ENDPOINT);
  for (const key of EMULATOR_PROVIDER_KEYS) {
    expect(provider).toHaveProperty(key);
    delete provider[key];
  }
  expect(Object.keys(expected).map(camelToSnake).sort()).toEqual([...EMULATOR_PROVIDER_KEYS].sort());
  const s3 = out.terraform.backend?.s3;
  if (s3) {
    for (const [key, value] of Object.entries(emulatorBackendOverrides(ENDPOINT))) {
      expect(s3[key]).toEqual(value);
      delete s3[key];
    }
  }
  const ignored = emulatorIgnoredChanges();
  for (const [type, bodies] of Object.entries<Json>(out.resource ?? {})) {
    const attrs = ignored[type];
    if (!attrs) continue;
    for (const body of Object.values<Json>(bodies)) {
      const list: string[] = body.lifecycle?.ignore_changes ?? [];
      for (const a of attrs) {
        expect(list).toContain(a);
        seenIgnored.add(`${type}.${a}`);
      }
      const rest = list.filter((a) => !attrs.includes(a));
      if (rest.length) body.lifecycle.ignore_changes = rest;
      else delete body.lifecycle.ignore_changes;
      if (body.lifecycle && Object.keys(body.lifecycle).length === 0) delete body.lifecycle;
    }
  }
  return out;
}

/** Configurations the comparison runs on: the example, and variants reaching every gap. */
const VARIANTS: Record<string, Record<string, unknown>> = {
  example: {},
  "s3 backends (both stacks), local image build, vault lock": {
    backend: { type: "s3", locking: "both" },
    image: { mode: "local" },
    backup: { vaultLock: { enabled: true } },
    state: { encryption: "AES256", forceDestroy: true, ownStateInBucket: true },
  },
};

describe("emulator off is the real output, byte for byte", () => {
  test.each([
    ["emulator: { enabled: false }", { emulator: { enabled: false } }],
    ["emulator: { enabled: false, endpoint }", { emulator: { enabled: false, endpoint: ENDPOINT } }],
  ])("%s equals no emulator key (Testing.synth)", (_name, withKey) => {
    expect(inputWith()).not.toHaveProperty("emulator");
    const without = synthStrings({});
    const off = synthStrings(withKey);
    expect(off.state).toBe(without.state);
    expect(off.jenkins).toBe(without.jenkins);
  });

  test("the whole cdktf synth output directory is identical", () => {
    const without = synthToDir(configWith({}));
    const off = synthToDir(configWith({ emulator: { enabled: false, endpoint: ENDPOINT } }));
    try {
      const a = tree(without.outdir);
      const b = tree(off.outdir);
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      for (const file of Object.keys(a)) expect(`${file}:\n${b[file]}`).toBe(`${file}:\n${a[file]}`);
    } finally {
      fs.rmSync(without.outdir, { recursive: true, force: true });
      fs.rmSync(off.outdir, { recursive: true, force: true });
    }
  });

  test("real output names no emulator endpoint or emulator credential", () => {
    for (const overrides of Object.values(VARIANTS)) {
      const real = synthStrings(overrides);
      for (const text of [real.state, real.jenkins]) {
        expect(text).not.toMatch(/127\.0\.0\.1/);
        expect(text).not.toMatch(/"(access_key|secret_key)"|s3_use_path_style|skip_credentials_validation/);
      }
    }
  });
});

describe("emulator output = real output but for emulator settings and EMULATOR_GAPS", () => {
  const seenOmitted = new Set<string>();
  const seenIgnored = new Set<string>();

  test.each(Object.entries(VARIANTS))("%s", (_name, overrides) => {
    const real = synthJson(overrides);
    const emu = synthJson({ ...overrides, emulator: { enabled: true, endpoint: ENDPOINT } });
    for (const stack of ["state", "jenkins"] as const) {
      // Omitted types are really absent from the emulator output.
      for (const type of emulatorOmittedTypes()) expect(emu[stack].resource?.[type]).toBeUndefined();
      expect(stripEmulator(emu[stack], seenIgnored)).toEqual(stripReal(real[stack], seenOmitted));
    }
  });

  test("every declared gap effect occurs (no stale EMULATOR_GAPS entry)", () => {
    expect(emulatorOmittedTypes().filter((t) => !seenOmitted.has(t))).toEqual([]);
    const declared = Object.entries(emulatorIgnoredChanges()).flatMap(([t, attrs]) => attrs.map((a) => `${t}.${a}`));
    expect(declared.filter((d) => !seenIgnored.has(d))).toEqual([]);
  });

  test("every gap has a reason and an effect", () => {
    for (const [name, gap] of Object.entries(EMULATOR_GAPS) as [string, EmulatorGap][]) {
      expect(`${name}: ${gap.reason}`).toMatch(/^\w+: .{20,}/);
      expect(`${name}: ${(gap.omits?.length ?? 0) + Object.keys(gap.ignoreChanges ?? {}).length}`).not.toBe(`${name}: 0`);
    }
  });

  test("the emulator endpoint must be local", () => {
    expect(() => parseConfig(inputWith({ emulator: { enabled: true, endpoint: "https://s3.amazonaws.com" } }))).toThrow(/emulator\.endpoint/);
  });
});
