/**
 * Real terraform (offline: provider from the filesystem mirror, fake credentials) on the
 * synthesized jenkins stack in several configurations, and the pipeline use case: a copy of
 * the synthesized directory in a fresh place, with no Node and no absolute paths.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  copyStack,
  FAKE_CREDENTIALS,
  OFFLINE_PROVIDER_OVERRIDE,
  offlineCheck,
  offlineValidate,
  PlanJson,
  terraform,
  terraformOk,
} from "../../../tools/terraform/offline-terraform";
import { configWith, ROOT, synthToDir } from "../../support/project";
import { describeTerraform } from "../../support/terraform";

const created = (plan: PlanJson) => (plan.resource_changes ?? []).filter((r) => r.change.actions.includes("create")).map((r) => r.type);

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.name === ".terraform") return [];
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

describeTerraform("jenkins stack: terraform validate and plan offline", () => {
  // No separate `validate` before the plan: the plan validates the same configuration, and its diagnostics stand in for the validate's.
  test("create-VPC configuration (vars.example.json, codebuild image): plan (which validates)", () => {
    const { jenkinsDir } = synthToDir(configWith());
    const { validate, plan } = offlineCheck(jenkinsDir, { plan: true, skipValidate: true });
    expect(validate.diagnostics).toEqual([]);
    const types = created(plan!);
    expect(types).toEqual(
      expect.arrayContaining([
        "aws_vpc",
        "aws_nat_gateway",
        "aws_ecs_service",
        "aws_efs_file_system",
        "aws_alb",
        "aws_codebuild_project",
        "terraform_data",
        "aws_backup_selection",
        "aws_sns_topic",
      ]),
    );
    expect(types.filter((t) => t === "aws_ecs_cluster")).toHaveLength(3);
  });

  test("S3 backend, no accountId and no zones (aws_caller_identity and aws_availability_zones: API reads a plan cannot make offline): validate", () => {
    const { jenkinsDir } = synthToDir(
      configWith({
        image: { mode: "prebuilt", uri: "jenkins/jenkins:2.568.2-lts-jdk21" },
        controller: { adminPassword: { create: true } },
        backend: { type: "s3" },
        accountId: undefined,
        network: { availabilityZones: undefined },
        loadBalancer: { certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/x" },
      }),
    );
    expect(offlineValidate(jenkinsDir).diagnostics).toEqual([]);
  });
  // Bring-your-own VPC, a created certificate, the local and prebuilt image modes and a created
  // password are planned through the example configurations (__tests__/examples.test.ts).
});

describeTerraform("pipeline use: the synthesized directory is relocatable and self-contained", () => {
  let outdir: string;
  let jenkinsDir: string;
  beforeAll(() => {
    ({ outdir, jenkinsDir } = synthToDir(configWith({ backend: { type: "s3" }, image: { mode: "local" } })));
  });

  test("no absolute path of the build machine in any synthesized file", () => {
    const needles = [ROOT, os.tmpdir(), os.homedir()].filter((n) => n.length > 1);
    for (const f of filesUnder(outdir)) {
      const text = fs.readFileSync(f).toString("latin1");
      for (const n of needles) expect([path.relative(outdir, f), text.includes(n)]).toEqual([path.relative(outdir, f), false]);
    }
  });

  test("copied elsewhere, `terraform init -backend=false` and plan (which validates) pass with no Node on PATH", () => {
    const dest = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pipeline-")), "jenkins");
    copyStack(jenkinsDir, dest);
    fs.rmSync(outdir, { recursive: true, force: true }); // the original is gone: nothing may point back to it
    const noNode = {
      PATH: "/usr/local/bin:/usr/bin:/bin"
        .split(":")
        .filter((p) => !fs.existsSync(path.join(p, "node")))
        .join(":"),
    };
    terraformOk(dest, ["init", "-backend=false", "-input=false", "-no-color"], noNode);
    // No separate `validate`: the plan below validates the same configuration and fails on any error.
    // Plan with the pipeline's credentials; the S3 backend is swapped for a local file only in the test copy.
    fs.writeFileSync(path.join(dest, "zz_offline_override.tf.json"), JSON.stringify(OFFLINE_PROVIDER_OVERRIDE));
    terraformOk(dest, ["init", "-reconfigure", "-input=false", "-no-color"], noNode);
    const plan = terraform(dest, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=tfplan"], { ...FAKE_CREDENTIALS, ...noNode });
    expect(plan.stderr).toBe("");
    expect(plan.status).toBe(0);
    // The build step finds its context inside the copied directory.
    const cmd = JSON.stringify(JSON.parse(fs.readFileSync(path.join(dest, "cdk.tf.json"), "utf8")).resource.terraform_data);
    const ctx = cmd.match(/(assets\/[^ "\\]+)/)![1];
    expect(fs.existsSync(path.join(dest, ctx, "Dockerfile"))).toBe(true);
  });

  test("the S3 backend takes partial configuration with -backend-config (pipeline-owned bucket/key)", () => {
    const { jenkinsDir: dir } = synthToDir(configWith({ backend: { type: "s3" } }));
    const backend = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")).terraform.backend.s3;
    expect(backend).toMatchObject({ bucket: expect.any(String), key: "jenkins/terraform.tfstate", encrypt: true, dynamodb_table: expect.any(String) });
    // Init against a bucket that does not exist fails at the S3 call, after accepting the overrides.
    // Nothing listens on port 9, no retries, no credential check: it fails fast, at the S3 call.
    const fast = [
      "max_retries=0",
      "skip_credentials_validation=true",
      "skip_requesting_account_id=true",
      "skip_metadata_api_check=true",
      'endpoints={s3="http://127.0.0.1:9",dynamodb="http://127.0.0.1:9"}',
    ];
    const r = terraform(
      dir,
      [
        "init",
        "-input=false",
        "-no-color",
        "-backend-config=bucket=pipeline-state-bucket",
        "-backend-config=key=ci/jenkins.tfstate",
        "-backend-config=region=eu-west-1",
        ...fast.map((f) => `-backend-config=${f}`),
      ],
      FAKE_CREDENTIALS,
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/pipeline-state-bucket|127\.0\.0\.1:9|connection refused/i);
    expect(r.stderr + r.stdout).not.toMatch(/Invalid backend configuration|Unsupported argument/);
  });
});
