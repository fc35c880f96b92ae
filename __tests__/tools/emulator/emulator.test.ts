/**
 * The AWS API emulator is test tooling (tools/emulator/): the product has no setting for it,
 * and the emulator output is derived from the real, policy-checked output. Proven here:
 *  1. the configuration has no `emulator` section, and the real output names no emulator;
 *  2. the emulator output directory equals the real one but for each stack's cdk.tf.json and
 *     the override file next to it; that cdk.tf.json, stripped of the declared
 *     `ignore_changes`, equals the real one stripped of the resources EMULATOR_GAPS leaves out
 *     (and of the depends_on entries naming them) with the declared `sets` written (e.g. the
 *     vault's force_destroy), and every declared effect occurs, so the
 *     list cannot go stale; the override file holds the emulator endpoints and credentials and,
 *     for an S3 backend, the real backend settings plus the emulator's;
 *  3. a reference to a left-out resource outside depends_on is refused, not dropped;
 *  4. the cdktf CLI's test entry (tools/emulator/emulator-app.ts) synthesizes like main.ts and
 *     refuses a non-local endpoint or an output directory whose state files would mix with
 *     the real ones;
 *  5. offline `terraform validate` accepts the emulator output with its override file (the
 *     moto end-to-end, __tests__/e2e.moto.test.ts, applies, re-plans and destroys it).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EMULATOR_GAPS, EmulatorGap, emulatorIgnoredChanges, emulatorOmittedTypes, emulatorSetArguments } from "../../../tools/emulator/emulator-gaps";
import { EMULATOR_OVERRIDE_FILE, emulateSynthOutput, emulateTerraformJson } from "../../../tools/emulator/emulator-output";
import { EMULATOR_ENDPOINT_ENV, runEmulatorApp } from "../../../tools/emulator/emulator-app";
import { offlineValidate } from "../../../tools/terraform/offline-terraform";
import { parseConfig } from "../../../lib/config/load-config";
import { run } from "../../../main";
import { configWith, inputWith, JsonBlock, ROOT, synthToDir } from "../../support/project";
import { describeTerraform } from "../../support/terraform";

type Json = JsonBlock;
const ENDPOINT = "http://127.0.0.1:45999";

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

const readJson = (file: string): Json => JSON.parse(fs.readFileSync(file, "utf8"));

/** Every string in a JSON value, outside cdktf's `//` metadata. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) if (k !== "//") strings(v, out);
  return out;
}

/**
 * The real JSON without the resources of omitted types and depends_on entries naming them, with the
 * declared `sets` written; records the omitted types seen and the set arguments whose real value differed.
 */
function stripReal(json: Json, seenOmitted: Set<string>, seenSet: Set<string>): Json {
  const out = structuredClone(json);
  for (const [type, args] of Object.entries(emulatorSetArguments())) {
    for (const body of Object.values<Json>(out.resource?.[type] ?? {})) {
      for (const [arg, value] of Object.entries(args)) {
        if (body[arg] !== value) seenSet.add(`${type}.${arg}`);
        body[arg] = value;
      }
    }
  }
  const omitted = new Set(emulatorOmittedTypes());
  for (const type of Object.keys(out.resource ?? {})) {
    if (omitted.has(type)) {
      seenOmitted.add(type);
      delete out.resource[type];
    }
  }
  for (const block of ["resource", "data"]) {
    for (const bodies of Object.values<Json>(out[block] ?? {})) {
      for (const body of Object.values<Json>(bodies)) {
        if (!Array.isArray(body.depends_on)) continue;
        body.depends_on = body.depends_on.filter((d: string) => !omitted.has(d.split(".")[0]));
        if (body.depends_on.length === 0) delete body.depends_on;
      }
    }
  }
  return out;
}

/** The emulator JSON without the declared ignore_changes (each must be present); records the ones seen. */
function stripEmulator(json: Json, seenIgnored: Set<string>): Json {
  const out = structuredClone(json);
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

/** The real output and its emulator version (a copy of the real directory, emulated). */
function realAndEmulated(overrides: Record<string, unknown>): { real: string; emu: string; cleanup: () => void } {
  const real = synthToDir(configWith(overrides)).outdir;
  const emu = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sj-emu-")), "cdktf.out");
  fs.cpSync(real, emu, { recursive: true });
  emulateSynthOutput(emu, ENDPOINT);
  return {
    real,
    emu,
    cleanup: () => {
      fs.rmSync(path.dirname(real), { recursive: true, force: true });
      fs.rmSync(path.dirname(emu), { recursive: true, force: true });
    },
  };
}

/** Configurations compared: the example (codebuild image), and variants reaching every gap and both backends. */
const VARIANTS: Record<string, Record<string, unknown>> = {
  example: {},
  "s3 backends (both stacks), local image build, vault lock": {
    backend: { type: "s3", locking: "both" },
    image: { mode: "local" },
    backup: { vaultLock: { enabled: true } },
    state: { encryption: "AES256", forceDestroy: true, ownStateInBucket: true },
    dataProtection: { allowDestroy: true, forceDestroy: true },
  },
};

describe("the product has no emulator", () => {
  test("an `emulator` section is an unknown field; vars.schema.json has none", () => {
    expect(() => parseConfig(inputWith({ emulator: { enabled: true, endpoint: ENDPOINT } }))).toThrow(/emulator: unknown field/);
    const schema = readJson(path.join(ROOT, "vars.schema.json"));
    expect(Object.keys(schema.properties)).not.toContain("emulator");
    expect(JSON.stringify(schema)).not.toMatch(/emulator|moto/i);
  });

  test("lib/, bootstrap/ and main.ts neither mention nor import the emulator tooling", () => {
    const files: string[] = [path.join(ROOT, "main.ts")];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith(".ts")) files.push(p);
      }
    };
    walk(path.join(ROOT, "lib"));
    walk(path.join(ROOT, "bootstrap"));
    const mentions = files.filter((f) => /emulat|tools\/emulator|moto/i.test(fs.readFileSync(f, "utf8"))).map((f) => path.relative(ROOT, f));
    expect(mentions).toEqual([]);
  });

  test("the real output names no emulator endpoint or emulator credential", () => {
    for (const overrides of Object.values(VARIANTS)) {
      const { outdir } = synthToDir(configWith(overrides));
      try {
        for (const [file, text] of Object.entries(tree(outdir))) {
          // (The controller's container health check curls its own localhost:8080, inside the task.)
          expect(`${file}: ${/127\.0\.0\.1|45999|:5000\b/.test(text)}`).toBe(`${file}: false`);
          expect(`${file}: ${/"(access_key|secret_key)"|s3_use_path_style|use_path_style|skip_credentials_validation/.test(text)}`).toBe(`${file}: false`);
        }
        expect(fs.readdirSync(path.join(outdir, "stacks", "jenkins")).filter((f) => f.endsWith("override.tf.json"))).toEqual([]);
      } finally {
        fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
      }
    }
  });
});

describe("emulator output = real output but for the override file and EMULATOR_GAPS", () => {
  const seenOmitted = new Set<string>();
  const seenIgnored = new Set<string>();
  const seenSet = new Set<string>();

  test.each(Object.entries(VARIANTS))("%s", (_name, overrides) => {
    const { real, emu, cleanup } = realAndEmulated(overrides);
    try {
      const a = tree(real);
      const b = tree(emu);
      // Same files, plus one override file per stack; all but cdk.tf.json byte-identical.
      expect(Object.keys(b).sort()).toEqual([...Object.keys(a), `stacks/jenkins/${EMULATOR_OVERRIDE_FILE}`, `stacks/state/${EMULATOR_OVERRIDE_FILE}`].sort());
      for (const file of Object.keys(a)) if (!file.endsWith("cdk.tf.json")) expect(`${file}:\n${b[file]}`).toBe(`${file}:\n${a[file]}`);

      for (const stack of ["state", "jenkins"]) {
        const realJson = JSON.parse(a[`stacks/${stack}/cdk.tf.json`]);
        const emuJson = JSON.parse(b[`stacks/${stack}/cdk.tf.json`]);
        // Omitted types are really absent, and nothing names them any more.
        for (const type of emulatorOmittedTypes()) expect(emuJson.resource?.[type]).toBeUndefined();
        for (const s of strings(emuJson)) for (const type of emulatorOmittedTypes()) expect(s).not.toMatch(new RegExp(`(^|[^\\w.])${type}\\.`));
        // Every depends_on entry names something that exists.
        for (const bodies of Object.values<Json>(emuJson.resource ?? {}))
          for (const body of Object.values<Json>(bodies))
            for (const dep of body.depends_on ?? []) {
              const [block, type, name] = dep.startsWith("data.") ? dep.split(".") : ["resource", ...dep.split(".")];
              expect(`${dep}: ${emuJson[block]?.[type]?.[name] !== undefined}`).toBe(`${dep}: true`);
            }
        expect(stripEmulator(emuJson, seenIgnored)).toEqual(stripReal(realJson, seenOmitted, seenSet));

        // The override file: the emulator's endpoints and fake credentials, nothing of the real provider replaced.
        const override = JSON.parse(b[`stacks/${stack}/${EMULATOR_OVERRIDE_FILE}`]);
        expect(override.provider.aws).toHaveLength(1);
        const { endpoints, ...settings } = override.provider.aws[0];
        expect(settings).toEqual({
          access_key: "testing",
          secret_key: "testing",
          s3_use_path_style: true,
          skip_credentials_validation: true,
          skip_metadata_api_check: "true",
          skip_region_validation: true,
          max_retries: 2,
        });
        expect(endpoints).toHaveLength(1);
        // The services of every resource type the stacks create.
        expect(Object.keys(endpoints[0])).toEqual(
          expect.arrayContaining([
            "s3",
            "dynamodb",
            "sts",
            "iam",
            "kms",
            "ec2",
            "ecs",
            "efs",
            "elbv2",
            "logs",
            "backup",
            "sns",
            "servicediscovery",
            "ecr",
            "cloudwatch",
            "events",
            "ssm",
          ]),
        );
        expect(new Set(Object.values(endpoints[0]))).toEqual(new Set([ENDPOINT]));
        const realS3 = realJson.terraform.backend.s3;
        if (realS3) {
          // An override replaces the backend block as a whole: the real settings, plus the emulator's.
          expect(override.terraform.backend.s3).toEqual({
            ...realS3,
            endpoints: { s3: ENDPOINT, dynamodb: ENDPOINT, sts: ENDPOINT, iam: ENDPOINT },
            use_path_style: true,
            skip_credentials_validation: true,
            skip_requesting_account_id: true,
            skip_metadata_api_check: true,
            access_key: "testing",
            secret_key: "testing",
          });
          expect(realS3.bucket).toBe(configWith(overrides).state.bucketName);
        } else {
          expect(realJson.terraform.backend.local).toBeDefined();
          expect(override).not.toHaveProperty("terraform");
        }
      }
    } finally {
      cleanup();
    }
  });

  test("every declared gap effect occurs (no stale EMULATOR_GAPS entry)", () => {
    expect(emulatorOmittedTypes().filter((t) => !seenOmitted.has(t))).toEqual([]);
    const declared = Object.entries(emulatorIgnoredChanges()).flatMap(([t, attrs]) => attrs.map((a) => `${t}.${a}`));
    expect(declared.filter((d) => !seenIgnored.has(d))).toEqual([]);
    const declaredSets = Object.entries(emulatorSetArguments()).flatMap(([t, args]) => Object.keys(args).map((a) => `${t}.${a}`));
    expect(declaredSets.filter((d) => !seenSet.has(d))).toEqual([]);
  });

  test("every gap has a reason and an effect", () => {
    for (const [name, gap] of Object.entries(EMULATOR_GAPS) as [string, EmulatorGap][]) {
      expect(`${name}: ${gap.reason}`).toMatch(/^\w+: .{20,}/);
      expect(`${name}: ${(gap.omits?.length ?? 0) + Object.keys(gap.ignoreChanges ?? {}).length + Object.keys(gap.sets ?? {}).length}`).not.toBe(`${name}: 0`);
    }
  });

  test("the endpoint must be an emulator on this machine", () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sj-emu-")), "cdktf.out");
    try {
      for (const bad of ["https://s3.amazonaws.com", "http://10.0.0.1:5000", "http://127.0.0.1", "http://127.0.0.1:99999"])
        expect(() => emulateSynthOutput(dir, bad)).toThrow(`emulator endpoint: ${JSON.stringify(bad)} must be http://127.0.0.1:<port>`);
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
});

describe("emulateTerraformJson", () => {
  const real = (): Json => ({
    resource: {
      aws_s3_bucket: { B: { bucket: "b" } },
      aws_s3_bucket_policy: { P: { bucket: "${aws_s3_bucket.B.id}", policy: "{}" } },
      aws_kms_key: { K: { lifecycle: { ignore_changes: ["tags"], create_before_destroy: true } }, L: { lifecycle: { ignore_changes: "all" } } },
      aws_ecs_service: { S: { depends_on: ["aws_s3_bucket_policy.P", "${aws_s3_bucket_policy.P}", "aws_s3_bucket.B"], name: "s" } },
      aws_backup_vault: { V: { name: "v", force_destroy: true, lifecycle: { prevent_destroy: false } } },
    },
    output: { o: { value: "${aws_s3_bucket.B.arn}", depends_on: ["aws_s3_bucket_policy.P"] } },
  });

  test("leaves omitted resources out with their depends_on entries, keeps existing lifecycle settings, and changes not its input", () => {
    const input = real();
    const before = JSON.stringify(input);
    const out: Json = emulateTerraformJson(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(out.resource.aws_s3_bucket_policy).toBeUndefined();
    expect(out.resource.aws_ecs_service.S.depends_on).toEqual(["aws_s3_bucket.B"]);
    expect(out.output.o).toEqual({ value: "${aws_s3_bucket.B.arn}" });
    expect(out.resource.aws_kms_key.K.lifecycle).toEqual({ ignore_changes: ["tags", "rotation_period_in_days"], create_before_destroy: true });
    expect(out.resource.aws_kms_key.L.lifecycle).toEqual({ ignore_changes: "all" });
    // EMULATOR_GAPS.backupVaultForceDestroy: the vault is deleted without listing recovery points.
    expect(out.resource.aws_backup_vault.V).toEqual({ name: "v", force_destroy: false, lifecycle: { prevent_destroy: false, ignore_changes: ["tags_all"] } });
    expect(out.resource.aws_ecs_service.S.lifecycle.ignore_changes).toEqual(
      expect.arrayContaining(["task_definition", "desired_count", "capacity_provider_strategy", "health_check_grace_period_seconds"]),
    );
  });

  test("refuses a reference to an omitted resource outside depends_on, naming it", () => {
    const input = real();
    input.resource.aws_ecs_service.S.tags = { Policy: "${aws_s3_bucket_policy.P.id}" };
    expect(() => emulateTerraformJson(input)).toThrow(
      /resource\.aws_ecs_service\.S\.tags\.Policy refers to aws_s3_bucket_policy\.P \(left out by EMULATOR_GAPS\.s3BucketPolicy\)/,
    );
  });
});

describe("the cdktf CLI's test entry (tools/emulator/emulator-app.ts)", () => {
  let tmp: string;
  let vars: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sj-emu-app-"));
    vars = path.join(tmp, "vars.json");
    fs.writeFileSync(vars, JSON.stringify(inputWith({ backend: { type: "s3" } })));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test("synthesizes like main.ts, then derives the emulator output", () => {
    const errors: string[] = [];
    const realDir = path.join(tmp, "real", "cdktf.out");
    const emuDir = path.join(tmp, "emu", "cdktf.out");
    fs.mkdirSync(realDir, { recursive: true });
    expect(run(ROOT, { JENKINS_VARS: vars }, (t) => errors.push(t), realDir)).toBe(0);
    expect(runEmulatorApp(ROOT, { JENKINS_VARS: vars, [EMULATOR_ENDPOINT_ENV]: ENDPOINT }, (t) => errors.push(t), emuDir)).toBe(0);
    expect(errors).toEqual([]);
    const copy = path.join(tmp, "copy", "cdktf.out");
    fs.cpSync(realDir, copy, { recursive: true });
    emulateSynthOutput(copy, ENDPOINT);
    expect(tree(emuDir)).toEqual(tree(copy));
    expect(readJson(path.join(emuDir, "stacks", "jenkins", EMULATOR_OVERRIDE_FILE)).terraform.backend.s3.endpoints.s3).toBe(ENDPOINT);
  });

  test.each([
    ["no endpoint", undefined, /EMULATOR_ENDPOINT: null must be http:\/\/127\.0\.0\.1:<port>/],
    ["a remote endpoint", "https://sts.amazonaws.com", /EMULATOR_ENDPOINT: "https:\/\/sts\.amazonaws\.com" must be http:\/\/127\.0\.0\.1:<port>/],
  ])("refuses %s and writes nothing", (_name, endpoint, message) => {
    const errors: string[] = [];
    const out = path.join(tmp, `refused-${Date.now()}`, "cdktf.out");
    expect(runEmulatorApp(ROOT, { JENKINS_VARS: vars, [EMULATOR_ENDPOINT_ENV]: endpoint }, (t) => errors.push(t), out)).toBe(2);
    expect(errors.join("")).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
  });

  test("refuses an output directory whose local state files would land next to the real ones", () => {
    for (const [cwd, out] of [
      [ROOT, "cdktf.out"],
      [tmp, path.join(tmp, "cdktf.out")],
      [tmp, path.join(ROOT, "cdktf.out.emulator")],
    ]) {
      const errors: string[] = [];
      expect(runEmulatorApp(cwd, { JENKINS_VARS: vars, [EMULATOR_ENDPOINT_ENV]: ENDPOINT }, (t) => errors.push(t), out)).toBe(2);
      expect(errors.join("")).toMatch(/output directory: .* must not be directly in .*local state files/);
    }
    expect(fs.existsSync(path.join(tmp, "cdktf.out"))).toBe(false);
    expect(fs.existsSync(path.join(ROOT, "cdktf.out.emulator"))).toBe(false);
  });
});

describeTerraform("offline terraform", () => {
  test("validate accepts the emulator output with its override file", () => {
    const { emu, cleanup } = realAndEmulated({ backend: { type: "s3" } });
    try {
      // jenkins: the stack with left-out resources (the e2e applies both stacks).
      for (const stack of ["jenkins"]) {
        const v = offlineValidate(path.join(emu, "stacks", stack));
        try {
          expect(fs.existsSync(path.join(v.dir, EMULATOR_OVERRIDE_FILE))).toBe(true);
          expect(`${stack}: ${JSON.stringify(v.diagnostics)}`).toBe(`${stack}: []`);
          expect(v.valid).toBe(true);
        } finally {
          fs.rmSync(v.dir, { recursive: true, force: true });
        }
      }
    } finally {
      cleanup();
    }
  }, 120_000);
});
