/**
 * The Terraform registry module (lib/module/, `npm run build:module`): its files, variables
 * derived from the config schema, security properties equal to the jenkins stack's, and real
 * terraform (offline) on a copy of examples/complete and on a root module that sets every input.
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stripVTControlCharacters } from "util";
import { parse } from "yaml";
import { FAKE_CREDENTIALS, OFFLINE_PROVIDER_OVERRIDE, offlineInit, terraform, terraformOk } from "../../tools/terraform/offline-terraform";
import { PATTERNS } from "../../lib/config/schema";
import { FARGATE_CPU_VALUES, fargateMemoryFor } from "../../lib/config/fargate-sizes";
import { buildContext, contextTag } from "../../lib/constructs/image/controller-image";
import { jcascDocument } from "../../lib/constructs/controller/jcasc";
import { escapeLiteral } from "../../lib/module/hcl";
import { MODULE_NAME } from "../../lib/module/jenkins-module-stack";
import { DOCS_BEGIN, DOCS_END } from "../../lib/module/module-readme";
import { ModuleBuild, buildModule, packageVersion, synthesizeModule } from "../../lib/module/package-module";
import { configField, fieldInfo, re2Repeats } from "../../lib/module/zod-terraform";
import { callOutputsHcl, callView } from "../support/module-calls";
import { configWith, JsonBlock, policyStatements, project, ROOT, synthJson, SynthJson } from "../support/project";
import { describeTerraform } from "../support/terraform";

const timings: Record<string, number> = {};
function timed<T>(name: string, f: () => T): T {
  const t0 = Date.now();
  try {
    return f();
  } finally {
    timings[name] = (Date.now() - t0) / 1000;
  }
}
afterAll(() => {
  console.log(`module test timings (s): ${JSON.stringify(timings)}`);
});

let build: ModuleBuild;
let outDir: string;
const read = (rel: string) => fs.readFileSync(path.join(build.dir, rel), "utf8");
const mainJson = () => JSON.parse(read("modules/core/main.tf.json")) as SynthJson & { locals: Record<string, string> };

beforeAll(() => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), "sj-module-"));
  build = timed("build", () => buildModule({ outDir }));
});

describe("module files", () => {
  test("registry layout: the create wrapper at the root, the synthesized module in modules/core, examples/complete and new-vpc, license, changelog, archive", () => {
    expect(build.files.sort()).toEqual(
      [
        "CHANGELOG.md",
        "LICENSE",
        "README.md",
        "examples/complete/README.md",
        "examples/complete/main.tf",
        "examples/complete/outputs.tf",
        "examples/complete/terraform.tfvars.sample",
        "examples/complete/variables.tf",
        "examples/new-vpc/README.md",
        "examples/new-vpc/main.tf",
        "examples/new-vpc/outputs.tf",
        "examples/new-vpc/variables.tf",
        "main.tf",
        "outputs.tf",
        "variables.tf",
        "versions.tf",
        "modules/core/main.tf.json",
        "modules/core/outputs.tf",
        "modules/core/variables.tf",
        "modules/core/versions.tf",
      ].sort(),
    );
    expect(path.basename(build.archive)).toBe(`${MODULE_NAME}-${packageVersion()}.tar.gz`);
  });

  test("no provider configuration, no backend, no cdktf metadata in the module", () => {
    const main = mainJson();
    expect(Object.keys(main).sort()).toEqual(["//", "check", "data", "locals", "resource"]);
    for (const f of build.files.filter((x) => /\.tf(\.json)?$/.test(x) && !x.startsWith("examples/"))) {
      const text = read(f);
      expect(text).not.toMatch(/provider\s+"aws"|"provider"\s*:/);
      expect(text).not.toMatch(/\bbackend\b/);
      expect(text).not.toMatch(/TfToken|cdktf\.out|"metadata"/);
    }
    for (const f of ["versions.tf", "modules/core/versions.tf"]) {
      const versions = read(f);
      expect(versions).toContain('required_version = ">= 1.9.0"');
      expect(versions).toMatch(/source\s+= "hashicorp\/aws"/);
      expect(versions).toMatch(/version\s+= ">= 5\.100\.0, < 6\.0\.0"/);
    }
  });

  test("no absolute path of the build machine in any file", () => {
    const machine = [ROOT, outDir, fs.realpathSync(outDir), os.tmpdir(), os.homedir()];
    for (const f of build.files) {
      const text = read(f);
      for (const p of machine) expect({ file: f, leaks: text.includes(p) }).toEqual({ file: f, leaks: false });
    }
  });

  test("LICENSE is the Apache License 2.0 text; CHANGELOG carries the package.json version", () => {
    expect(createHash("md5").update(read("LICENSE")).digest("hex")).toBe("3b83ef96387f14655fc854ddc3c6bd57");
    expect(read("CHANGELOG.md")).toContain(`## [${packageVersion()}]`);
  });

  test("the archive holds exactly the module directory's files at its root, byte for byte, and is reproducible", () => {
    const list = spawnSync("tar", ["-tzf", build.archive], { encoding: "utf8" });
    expect(list.status).toBe(0);
    const files = list.stdout.split("\n").filter((l) => l && !l.endsWith("/"));
    // No top-level directory: an http or registry source needs no `//subdir`.
    expect(files.sort()).toEqual([...build.files].sort());
    expect(files).toContain("main.tf");
    expect(files).toContain("modules/core/main.tf.json");
    const into = fs.mkdtempSync(path.join(os.tmpdir(), "sj-module-untar-"));
    expect(spawnSync("tar", ["-xzf", build.archive, "-C", into]).status).toBe(0);
    for (const f of build.files) expect(fs.readFileSync(path.join(into, f), "utf8")).toBe(read(f));
    const again = buildModule({ outDir: fs.mkdtempSync(path.join(os.tmpdir(), "sj-module-again-")) });
    expect(fs.readFileSync(again.archive).equals(fs.readFileSync(build.archive))).toBe(true);
  });

  test("scripts/build-module.ts writes the same module (the npm run build:module entry point)", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "sj-module-cli-"));
    const r = timed("cli", () =>
      spawnSync(process.execPath, ["-r", "./scripts/register-swc.js", "scripts/build-module.ts", "--out", out], { cwd: ROOT, encoding: "utf8" }),
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(out, `${MODULE_NAME}-${packageVersion()}.tar.gz`)).equals(fs.readFileSync(build.archive))).toBe(true);
  });
});

describe("variables come from the config schema", () => {
  const { stack } = synthesizeModule();
  const variables = stack.variables;
  const byName = (n: string) => {
    const v = variables.find((x) => x.name === n);
    if (!v) throw new Error(`no variable ${n}`);
    return v;
  };
  const conditions = (n: string) =>
    byName(n)
      .validations.map((x) => x.condition)
      .join("\n");

  test("inputs the brief asks for exist", () => {
    const names = variables.map((v) => v.name);
    for (const n of [
      "name_prefix",
      "tags",
      "vpc_id",
      "public_subnet_ids",
      "private_subnet_ids",
      "certificate_arn",
      "route53_zone_id",
      "hostname",
      "controller_cpu",
      "controller_memory",
      "controller_image",
      "controller_image_build",
      "agent_templates",
      "alert_emails",
      "backup_schedule",
      "backup_cold_storage_after_days",
      "backup_delete_after_days",
      "admin_password_parameter_name",
      "auth",
      "jobs",
    ]) {
      expect(names).toContain(n);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  test("every schema regex of a mirrored field is in a validation, HCL-escaped, with the schema's message", () => {
    type Def = {
      type: string;
      checks?: Array<{ _zod: { def: { format?: string; pattern?: RegExp; error?: () => string } } }>;
      element?: unknown;
      keyType?: unknown;
    };
    const defOf = (x: unknown) => (x as { _zod: { def: Def } })._zod.def;
    const regexChecks = (schema: unknown): Array<{ pattern: RegExp; message: string }> => {
      const d = defOf(schema);
      const own = (d.checks ?? [])
        .map((c) => c._zod.def)
        .filter((c) => c.format === "regex")
        .map((c) => ({ pattern: c.pattern!, message: c.error!() }));
      const nested = [d.element, d.keyType].filter((x) => x !== undefined).flatMap((x) => regexChecks(fieldInfoOf(x)));
      return [...own, ...nested];
    };
    const fieldInfoOf = (x: unknown): unknown => {
      let cur = x;
      while (["default", "prefault", "optional", "nullable"].includes(defOf(cur).type)) cur = (defOf(cur) as unknown as { innerType: unknown }).innerType;
      return cur;
    };
    // Lookaheads are split into their own terms; the rest of the pattern appears as written.
    const body = (re: RegExp) => {
      let rest = re.source.slice(1);
      while (rest.startsWith("(?=") || rest.startsWith("(?!")) {
        let depth = 0;
        let i = 0;
        for (; i < rest.length; i++) {
          if (rest[i] === "\\") i++;
          else if (rest[i] === "(") depth++;
          else if (rest[i] === ")" && --depth === 0) break;
        }
        rest = rest.slice(i + 1);
      }
      // Repeats over RE2's limit are split (lib/module/zod-terraform.ts re2Repeats).
      return escapeLiteral(`^${re2Repeats(rest)}`);
    };
    let checked = 0;
    for (const v of variables) {
      for (const p of v.schemaPaths) {
        for (const { pattern, message } of regexChecks(fieldInfo(p).schema)) {
          expect({ variable: v.name, pattern: pattern.source, found: conditions(v.name).includes(body(pattern)) }).toEqual({
            variable: v.name,
            pattern: pattern.source,
            found: true,
          });
          expect(v.validations.map((x) => x.errorMessage).join("\n")).toContain(message);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(conditions("alert_emails")).toContain(escapeLiteral(PATTERNS.EMAIL.source));
  });

  test("defaults and descriptions are the schema's", () => {
    for (const v of variables) {
      if (v.schemaPaths.length !== 1 || v.required) continue;
      const info = fieldInfo(v.schemaPaths[0]);
      // The stack derives these defaults from namePrefix; a Terraform variable default cannot reference name_prefix.
      const staticDefaults: Record<string, string> = { admin_password_parameter_name: "jenkins-pwd", cloud_map_namespace: "jenkins.internal" };
      if (v.name in staticDefaults) expect({ name: v.name, default: v.default }).toEqual({ name: v.name, default: staticDefaults[v.name] });
      else if (info.hasDefault) expect({ name: v.name, default: v.default }).toEqual({ name: v.name, default: info.default });
      else expect({ name: v.name, default: v.default }).toEqual({ name: v.name, default: null });
    }
    expect(byName("controller_cpu").description).toBe(fieldInfo("controller.cpu").description);
    for (const v of variables) expect(v.description).not.toMatch(/`[a-z]+\.[a-zA-Z]+`/);
  });

  test("enums, literal sets and ranges become contains()/comparisons; Fargate sizes come from fargate-sizes.ts", () => {
    expect(conditions("ssl_policy")).toContain('"ELBSecurityPolicy-TLS13-1-3-2021-06"');
    expect(conditions("efs_throughput_mode")).toContain('contains(["elastic", "bursting", "provisioned"], var.efs_throughput_mode)');
    expect(conditions("controller_log_retention_days")).toContain("contains([1, 3, 5, 7, 14, 30, 60, 90,");
    expect(conditions("agent_max_agents")).toContain("var.agent_max_agents >= 1");
    expect(conditions("agent_max_agents")).toContain("var.agent_max_agents <= 500");
    expect(conditions("controller_cpu")).toContain(`contains([${FARGATE_CPU_VALUES.join(", ")}], var.controller_cpu)`);
    for (const cpu of FARGATE_CPU_VALUES) expect(conditions("controller_memory")).toContain(`"${cpu}" = [${fargateMemoryFor(cpu).join(", ")}]`);
    expect(conditions("agent_templates")).toContain("tostring(t.cpu)");
    // Lookaheads (not in RE2) become separate terms.
    expect(conditions("alb_access_logs_bucket")).toContain('!can(regex("^xn--", var.alb_access_logs_bucket))');
    expect(conditions("hostname")).toContain('can(regex("^.{1,253}$", var.hostname))');
    expect(configField("loadBalancer.dns.hostname")).toBeDefined();
  });
});

describe("security properties equal the jenkins stack's", () => {
  const module = JSON.parse(JSON.stringify(synthesizeModule().main)) as SynthJson;
  // The module has no agent-image section yet: compare with the stack's prebuilt-agent variant.
  const stack = synthJson(
    project(configWith({ agents: { defaultImage: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/jenkins-agent:1" }, agentImages: { source: "prebuilt" } }))
      .jenkins,
  );
  const only = (json: SynthJson, type: string, name?: string) => {
    const all = Object.entries(json.resource[type] ?? {});
    const found = name ? all.filter(([id]) => id.includes(name)) : all;
    if (found.length !== 1) throw new Error(`expected one ${type} ${name ?? ""}, found ${found.map(([i]) => i).join(", ")}`);
    return found[0][1];
  };
  // The module's account, region and partition are references; the example config's are literals.
  const literal = (v: unknown) =>
    v === undefined
      ? undefined
      : JSON.parse(
          JSON.stringify(v)
            .split("${data.aws_partition.current.partition}")
            .join("aws")
            .split("${data.aws_partition.current.dns_suffix}")
            .join("amazonaws.com")
            .split("${data.aws_region.current.name}")
            .join("eu-west-1")
            .split("${local.account_id}")
            .join("123456789012"),
        );
  const shape = (statements: JsonBlock[]) =>
    statements.map((s) => ({
      sid: s.sid,
      effect: s.effect,
      actions: s.actions,
      principals: literal(s.principals),
      conditions: (s.condition ?? []).map((c: Record<string, unknown>) => `${c.test} ${c.variable}`),
    }));
  const policy = (json: SynthJson, id: string) => {
    const docs = Object.entries(json.data?.aws_iam_policy_document ?? {}).filter(([k]) => k.toLowerCase().replace(/_/g, "").includes(id.toLowerCase()));
    if (docs.length !== 1) throw new Error(`expected one policy ${id}, found ${docs.map(([k]) => k).join(", ")}`);
    return docs[0][1].statement as JsonBlock[];
  };

  test("controller task policy: same statements (ecs:cluster condition, TagResource with ecs:CreateAction, PassRole on agent roles only)", () => {
    const m = policy(module, "controllerrolestaskpolicy");
    expect(shape(m)).toEqual(shape(policyStatements(stack, "ControllerRoles_TaskPolicy")));
    const passRole = m.find((s) => s.sid === "PassAgentRoles")!;
    expect(passRole.resources).toMatch(/concat\(\[aws_iam_role\.agents_execution_role\.arn\], \[for r in aws_iam_role\.agents_task_role : r\.arn\]\)/);
    const run = m.find((s) => s.sid === "EcsPluginRunAgentTasks")!;
    expect(run.condition[0]).toMatchObject({ test: "ArnEquals", variable: "ecs:cluster" });
    expect(m.find((s) => s.sid === "EcsPluginTagOnCreate")!.condition[0]).toEqual({
      test: "StringEquals",
      variable: "ecs:CreateAction",
      values: ["RegisterTaskDefinition", "RunTask"],
    });
  });

  // The module's own keys are counted on `kms_key_arn == null`; a provided key replaces them everywhere.
  const keyArn = (key: string) => `\${!(var.kms_key_arn != null) ? one(aws_kms_key.${key}.*.arn) : var.kms_key_arn}`;

  test("KMS keys, key policies (SNS: cloudwatch, events, backup), topic policy and EFS policy match", () => {
    for (const key of ["data_key_key", "alerts_key_key"]) {
      const body = module.resource.aws_kms_key[key];
      expect(body).toMatchObject({ enable_key_rotation: true, rotation_period_in_days: 365, deletion_window_in_days: 30 });
    }
    expect(shape(policy(module, "alertskeypolicy"))).toEqual(shape(policyStatements(stack, "Alerts_Key_Policy")));
    expect(shape(policy(module, "datakeypolicy"))).toEqual(shape(policyStatements(stack, "DataKey_Policy")));
    expect(shape(policy(module, "alertstopicpolicydocument"))).toEqual(shape(policyStatements(stack, "TopicPolicyDocument")));
    expect(shape(policy(module, "jenkinshomepolicy"))).toEqual(shape(policyStatements(stack, "JenkinsHome_Policy")));
    expect(shape(policy(module, "agentsexecutionpolicy"))).toEqual(shape(policyStatements(stack, "Agents_ExecutionPolicy")));
    expect(only(module, "aws_sns_topic").kms_master_key_id).toBe(keyArn("alerts_key_key"));
  });

  test("TLS 1.3 listener, ALB hardening, EFS access point uid/gid 1000, encrypted EFS, ECR and CodeBuild as in the stack", () => {
    const listener = only(module, "aws_alb_listener", "https");
    expect(listener.ssl_policy).toBe("${var.ssl_policy}");
    expect(fieldInfo("loadBalancer.sslPolicy").default).toBe(only(stack, "aws_alb_listener", "Https").ssl_policy);
    const alb = only(module, "aws_alb");
    expect(alb).toMatchObject({ drop_invalid_header_fields: true, desync_mitigation_mode: "strictest" });
    const ap = only(module, "aws_efs_access_point");
    expect(ap.posix_user).toEqual(only(stack, "aws_efs_access_point").posix_user);
    expect(ap.posix_user).toEqual({ uid: 1000, gid: 1000 });
    expect(ap.root_directory).toEqual(only(stack, "aws_efs_access_point").root_directory);
    expect(only(module, "aws_efs_file_system")).toMatchObject({ encrypted: true, kms_key_id: keyArn("data_key_key") });
    const pick = (r: JsonBlock, keys: string[]) => Object.fromEntries(keys.map((k) => [k, r[k]]));
    expect(pick(only(module, "aws_ecr_repository", "image_repository"), ["image_tag_mutability", "image_scanning_configuration"])).toEqual(
      pick(only(stack, "aws_ecr_repository"), ["image_tag_mutability", "image_scanning_configuration"]),
    );
    // Teardown mode: off in the stack by default (dataProtection.forceDestroy), a variable in the module (default false).
    expect([only(stack, "aws_ecr_repository").force_delete, only(module, "aws_ecr_repository", "image_repository").force_delete]).toEqual([
      false,
      "${var.force_destroy}",
    ]);
    for (const repo of Object.values(module.resource.aws_ecr_repository)) expect(repo.encryption_configuration[0].encryption_type).toBe("KMS");
    const envOf = (r: JsonBlock) => pick(r.environment, ["type", "compute_type", "image", "privileged_mode"]);
    for (const project of Object.values(module.resource.aws_codebuild_project)) {
      expect(envOf(project)).toEqual(envOf(only(stack, "aws_codebuild_project")));
      expect(project.encryption_key).toBe(keyArn("data_key_key"));
    }
    for (const lg of Object.values(module.resource.aws_cloudwatch_log_group)) expect(lg.kms_key_id).toBe(keyArn("data_key_key"));
  });

  test("structure switched by count/for_each, not by synth-time branches", () => {
    const r = module.resource;
    expect(mainJson().locals.agent_task_policies).toBe("${{ for k, t in var.agent_templates : k => t.task_policy_json if t.task_policy_json != null }}");
    expect(r.aws_iam_role.agents_task_role.for_each).toBe("${local.agent_task_policies}");
    expect(r.aws_iam_role_policy.agents_task_role_policy.for_each).toBe(r.aws_iam_role.agents_task_role.for_each);
    expect(r.aws_route53_record.this.count).toBe("${((var.hostname != null) && (var.route53_zone_id != null)) ? 1 : 0}");
    expect(r.aws_sns_topic_subscription.alerts_email_subscription.for_each).toBe("${toset(var.alert_emails)}");
    expect(r.aws_codebuild_project.image_project.count).toBe("${local.build_controller_image ? 1 : 0}");
    expect(r.aws_ssm_parameter.admin_password_parameter.count).toBe("${var.create_admin_password ? 1 : 0}");
    expect(r.aws_efs_mount_target.this.count).toBe("${length(local.private_subnet_ids)}");
    expect(r.aws_cloudwatch_metric_alarm.alerts_efs_burst_credits.count).toBe('${(var.efs_throughput_mode == "bursting") ? 1 : 0}');
    expect(r.aws_cloudwatch_metric_alarm.alerts_efs_no_clients.count).toBe('${!(var.efs_throughput_mode == "bursting") ? 1 : 0}');
    // Switches the stack has as settings (issue 16): spot cluster, backup, vault lock, ECS Exec.
    expect(r.aws_ecs_cluster.agents_spot_cluster.count).toBe("${var.spot_cluster ? 1 : 0}");
    expect(r.aws_backup_plan.this.count).toBe("${var.backup_enabled ? 1 : 0}");
    expect(r.aws_backup_vault_lock_configuration.this.count).toBe("${(var.backup_enabled && var.backup_vault_lock_enabled) ? 1 : 0}");
    expect(r.aws_iam_role_policy.controller_roles_ecs_exec_role_policy.count).toBe("${var.controller_ecs_exec ? 1 : 0}");
    const jcasc = mainJson().locals.jcasc_yaml;
    expect(jcasc).toContain("yamlencode(");
    expect(jcasc).toContain('capacityProviderStrategies = [{ provider = "FARGATE_SPOT", base = 0, weight = 1 }]');
    expect(jcasc).toContain("if t.spot]");
    expect(jcasc).not.toContain("launchType");
  });
});

/** The parts of `terraform show -json <plan>` these tests read. */
interface ModulePlan {
  readonly resource_changes?: Array<{ address: string; type: string; change: { actions: string[]; after?: JsonBlock | null } }>;
  readonly planned_values: { outputs: Record<string, { value: unknown }> };
  readonly configuration: JsonBlock;
}

/** A call of the module (from examples/complete) setting every optional input. */
const EVERY_INPUT_CALL = `module "every_input" {
  source = "../../"

  name_prefix                   = "ci"
  account_id                    = "123456789012"
  tags                          = { Team = "platform" }
  vpc_id                        = "vpc-0123456789abcdef0"
  public_subnet_ids             = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  private_subnet_ids            = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2", "subnet-0bbbbbbbbbbbbbbb3"]
  certificate_arn               = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
  internal_alb                  = true
  allowed_cidrs                 = ["10.0.0.0/8", "192.168.0.0/16"]
  alb_access_logs_bucket        = "example-org-alb-logs"
  ssl_policy                    = "ELBSecurityPolicy-TLS13-1-3-2021-06"
  controller_cpu                = 1024
  controller_memory             = 3072
  controller_image              = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ci/controller:1.0"
  create_admin_password         = true
  admin_password                = "correct-horse-battery"
  admin_password_parameter_name = "/ci/jenkins/admin"
  efs_throughput_mode           = "bursting"
  efs_transition_to_ia_days     = 1
  agent_templates               = { small = { cpu = 256, memory = 512, ephemeral_storage_gib = 30, image = "jenkins/inbound-agent:latest" } }
  alert_https_endpoints         = ["https://hooks.example.com/jenkins"]
  alert_sqs_queue_arns          = ["arn:aws:sqs:eu-west-1:123456789012:jenkins-alerts"]
  backup_schedule               = "cron(0 5 ? * MON *)"
  backup_cold_storage_after_days = 0
  backup_delete_after_days      = 35
  force_destroy                 = true
}

`;

describeTerraform("module with terraform (offline)", () => {
  let copy: string;
  let example: string;
  /** The plan of examples/complete (without module.every_input). */
  let plan: ModulePlan;
  /** The plan of module.every_input, read as module.jenkins. */
  let everyInput: ModulePlan;

  const writeOverride = (dir: string) =>
    fs.writeFileSync(path.join(dir, "zz_offline_override.tf.json"), JSON.stringify({ provider: OFFLINE_PROVIDER_OVERRIDE.provider }, null, 2));
  const addresses = (p: ModulePlan) => (p.resource_changes ?? []).map((r) => r.address);
  const oneLine = (s: string) => stripVTControlCharacters(s).replace(/\s+/g, " ");
  const after = (p: ModulePlan, address: string): JsonBlock => {
    const r = (p.resource_changes ?? []).find((x) => x.address === address);
    if (!r) throw new Error(`no ${address} in the plan`);
    return r.change.after ?? {};
  };

  beforeAll(() => {
    // The tests' copy: the module directory as a user gets it, examples/complete inside.
    copy = fs.mkdtempSync(path.join(os.tmpdir(), "sj-module-tf-"));
    fs.cpSync(build.dir, copy, { recursive: true });
    example = path.join(copy, "examples", "complete");
    fs.copyFileSync(path.join(example, "terraform.tfvars.sample"), path.join(example, "terraform.tfvars"));
    writeOverride(example);
    timed("example init", () => offlineInit(example));
    // The example's files, and beside its own call, in a file of its own, a call setting every
    // optional input (module.every_input), in a sibling directory (the same ../../ module): one
    // plan and one show for both (each starts the provider, which is most of their time). The
    // example's tests read everything but module.every_input, the every-input test reads that
    // call alone, as if it were the only one (module-calls.ts). examples/complete itself stays as
    // shipped for `terraform providers` and the invalid-input plans.
    const both = path.join(copy, "examples", "complete-and-every-input");
    fs.cpSync(example, both, { recursive: true, filter: (src) => !src.includes(`${path.sep}.terraform`) });
    fs.writeFileSync(path.join(both, "zz_every_input.tf"), `${EVERY_INPUT_CALL}\n${callOutputsHcl(["every_input"], ["jcasc_yaml"])}`);
    offlineInit(both);
    // No separate `terraform validate` here: the plan validates the same configuration first and fails with the same errors.
    timed("example plan", () =>
      terraformOk(both, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=example.tfplan"], FAKE_CREDENTIALS),
    );
    const planned = JSON.parse(terraformOk(both, ["show", "-json", "example.tfplan"], FAKE_CREDENTIALS).stdout) as ModulePlan;
    plan = { ...planned, resource_changes: (planned.resource_changes ?? []).filter((r) => !r.address.startsWith("module.every_input.")) };
    everyInput = callView(planned, "every_input");
  });

  test("module root: init, validate and terraform fmt -check", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "sj-module-root-"));
    fs.cpSync(build.dir, root, { recursive: true });
    timed("root init+validate", () => {
      offlineInit(root, ["-backend=false"]);
      terraformOk(root, ["validate", "-no-color"]);
    });
    const fmt = terraform(root, ["fmt", "-check", "-recursive", "-diff", "-no-color"]);
    expect(fmt.stdout).toBe("");
    expect(fmt.status).toBe(0);
  });

  test("terraform providers: only hashicorp/aws and Terraform's builtin (terraform_data runs the image build)", () => {
    const out = terraformOk(example, ["providers", "-no-color"]).stdout;
    const providers = [...out.matchAll(/provider\[([^\]]+)\]/g)].map((m) => m[1]);
    expect(providers.length).toBeGreaterThan(0);
    expect([...new Set(providers)].sort()).toEqual(["registry.terraform.io/hashicorp/aws", "terraform.io/builtin/terraform"]);
  });

  test("examples/complete plans: task role per template with a policy, spot cluster, alias record, e-mail subscription, CodeBuild image", () => {
    const a = addresses(plan);
    expect(a.filter((x) => x.startsWith("module.jenkins.module.this[0].aws_iam_role.agents_task_role["))).toEqual([
      'module.jenkins.module.this[0].aws_iam_role.agents_task_role["deploy"]',
    ]);
    expect(a).toContain("module.jenkins.module.this[0].aws_route53_record.this[0]");
    expect(a).toContain('module.jenkins.module.this[0].aws_sns_topic_subscription.alerts_email_subscription["jenkins-ops@example.com"]');
    expect(a).toContain("module.jenkins.module.this[0].aws_codebuild_project.image_project[0]");
    expect(a).toContain("module.jenkins.module.this[0].aws_efs_mount_target.this[1]");
    expect(a).toContain("module.jenkins.module.this[0].aws_cloudwatch_metric_alarm.alerts_efs_no_clients[0]");
    expect(a).not.toContain("module.jenkins.module.this[0].aws_cloudwatch_metric_alarm.alerts_efs_burst_credits[0]");
    expect(a).not.toContain("module.jenkins.module.this[0].aws_ssm_parameter.admin_password_parameter[0]");
    expect(a.filter((x) => x.includes("aws_ecs_cluster."))).toHaveLength(3);
    // Your own VPC (vpc_id set): none of the new-VPC resources.
    expect(a.filter((x) => x.includes(".network_") || /\.aws_(vpc|internet_gateway|flow_log|default_security_group)\.this\b/.test(x))).toEqual([]);
    expect(after(plan, "module.jenkins.module.this[0].aws_alb_listener.load_balancer_https").ssl_policy).toBe("ELBSecurityPolicy-TLS13-1-2-2021-06");
    expect(after(plan, 'module.jenkins.module.this[0].aws_iam_role.agents_task_role["deploy"]').name).toBe("jenkins-agent-deploy");
    expect(plan.planned_values.outputs.jenkins_url.value).toBe("https://jenkins.example.com/");
  });

  test("the image tag is the stack's content hash of the same build context", () => {
    // The example uses the default base image and no extra plugins, like vars.example.json.
    const tag = after(plan, "module.jenkins.module.this[0].terraform_data.image_build_step[0]").triggers_replace.values[0];
    expect(tag).toBe(contextTag(buildContext(configWith().image)));
    expect(tag).toMatch(/^ctx-[0-9a-f]{20}$/);
  });

  test("the JCasC YAML equals lib/constructs/controller/jcasc.ts's for the same templates (spot on FARGATE_SPOT, task role ARN written in)", () => {
    const yaml = plan.planned_values.outputs.jcasc_yaml.value as string;
    const moduleDoc = parse(yaml);
    const config = configWith({
      agents: {
        templates: [
          { label: "build", cpu: 1024, memory: 2048 },
          { label: "build-spot", spot: true, cpu: 1024, memory: 2048 },
          { label: "deploy", cpu: 512, memory: 1024, taskPolicy: { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] } },
        ],
      },
      // examples/complete signs in through OpenID Connect and seeds a repository's pipelines.
      auth: {
        mode: "oidc",
        oidc: {
          issuer: "https://login.example.com/realms/acme",
          clientId: "jenkins",
          clientSecret: { secretsManagerArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:jenkins-oidc-client" },
          scopes: ["openid", "profile", "email", "groups"],
        },
        adminGroups: ["platform-admins"],
        developerGroups: ["developers"],
      },
      jobs: { repositories: [{ name: "platform-pipelines", url: "https://github.com/acme/platform-pipelines.git", credentialsId: "github-token" }] },
    });
    // The module writes the task role ARN where the stack uses a placeholder; the default image is the
    // same ${AGENT_DEFAULT_IMAGE} placeholder (agent_image_source mirror, as agentImages.source).
    const expected = JSON.parse(
      JSON.stringify(jcascDocument(config)).replace("${AGENT_TASK_ROLE_ARN_PREFIX}deploy", "arn:aws:iam::123456789012:role/jenkins-agent-deploy"),
    );
    expect(moduleDoc).toEqual(expected);
    const clouds: JsonBlock[] = moduleDoc.jenkins.clouds.map((c: { ecs: JsonBlock }) => c.ecs);
    const spot = clouds.find((c) => c.name === "fargate-spot")!;
    expect(spot.templates.map((t: { label: string }) => t.label)).toEqual(["build-spot"]);
    expect(spot.templates[0].capacityProviderStrategies).toEqual([{ provider: "FARGATE_SPOT", base: 0, weight: 1 }]);
    expect(yaml).not.toContain("launchType");
  });

  test("README tables list every variable and output Terraform sees", () => {
    const mod = plan.configuration.root_module.module_calls.jenkins.module;
    const readme = read("README.md");
    const docs = readme.slice(readme.indexOf(DOCS_BEGIN), readme.indexOf(DOCS_END));
    const inputs = [...docs.matchAll(/<a name="input_([a-z0-9_]+)">/g)].map((m) => m[1]).sort();
    const outputs = [...docs.matchAll(/<a name="output_([a-z0-9_]+)">/g)].map((m) => m[1]).sort();
    expect(inputs).toEqual(Object.keys(mod.variables).sort());
    expect(outputs).toEqual(Object.keys(mod.outputs).sort());
    for (const [name, v] of Object.entries(mod.variables as Record<string, { description?: string }>))
      expect({ name, described: !!v.description }).toEqual({ name, described: true });
    for (const [name, o] of Object.entries(mod.outputs as Record<string, { description?: string }>))
      expect({ name, described: !!o.description }).toEqual({ name, described: true });
  });

  test("invalid inputs fail plan with the module's validation messages", () => {
    // Two plans of examples/complete: controller_memory's rule reads controller_cpu, so it must not run with an invalid one.
    const plan = (...vars: string[]) =>
      terraform(example, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", ...vars.flatMap((v) => ["-var", v])], FAKE_CREDENTIALS);
    const bad = timed("invalid plans", () => [plan("controller_cpu=3000"), plan("controller_memory=3000", "vpc_id=vpc-XYZ")]);
    for (const r of bad) expect(r.status).not.toBe(0);
    const [cpu, memoryAndVpc] = bad.map((r) => oneLine(r.stderr));
    expect(cpu).toContain("controller_cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 CPU units.");
    expect(memoryAndVpc).toContain("vpc_id must be a VPC id like vpc-0123456789abcdef0.");
    expect(memoryAndVpc).toContain("controller_memory must be a memory value Fargate accepts for controller_cpu (256 CPU: 512, 1024 or 2048 MiB;");
  });

  test("a root module setting every optional input: each count/for_each/dynamic switch flips", () => {
    const p = everyInput;
    const a = addresses(p);
    expect(a).toContain("module.jenkins.module.this[0].aws_cloudwatch_metric_alarm.alerts_efs_burst_credits[0]");
    expect(a).not.toContain("module.jenkins.module.this[0].aws_cloudwatch_metric_alarm.alerts_efs_no_clients[0]");
    expect(a).toContain("module.jenkins.module.this[0].aws_ssm_parameter.admin_password_parameter[0]");
    // A prebuilt controller image: no controller build (the agent mirror is agent_image_source's, see module-images.test.ts).
    expect(a.filter((x) => /codebuild_project\.image_|image_build/.test(x))).toEqual([]);
    expect(a).not.toContain("module.jenkins.module.this[0].aws_route53_record.this[0]");
    expect(a.filter((x) => x.includes("agents_task_role["))).toEqual([]);
    expect(a.filter((x) => x.includes("security_groups_alb_ingress443["))).toHaveLength(2);
    expect(a).toContain("module.jenkins.module.this[0].aws_efs_mount_target.this[2]");
    expect(a).toContain('module.jenkins.module.this[0].aws_sns_topic_subscription.alerts_https_subscription["https://hooks.example.com/jenkins"]');
    expect(a).toContain(
      'module.jenkins.module.this[0].aws_sns_topic_subscription.alerts_sqs_subscription["arn:aws:sqs:eu-west-1:123456789012:jenkins-alerts"]',
    );
    const alb = after(p, "module.jenkins.module.this[0].aws_alb.this");
    expect(alb.internal).toBe(true);
    expect(alb.subnets).toEqual(["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2", "subnet-0bbbbbbbbbbbbbbb3"]);
    expect(alb.access_logs).toEqual([{ bucket: "example-org-alb-logs", enabled: true, prefix: "ci-alb" }]);
    expect(alb.tags).toMatchObject({ Team: "platform", ManagedBy: MODULE_NAME, NamePrefix: "ci" });
    expect(after(p, "module.jenkins.module.this[0].aws_efs_file_system.this[0]").lifecycle_policy).toEqual([
      { transition_to_archive: null, transition_to_ia: "AFTER_1_DAY", transition_to_primary_storage_class: null },
      { transition_to_archive: null, transition_to_ia: null, transition_to_primary_storage_class: "AFTER_1_ACCESS" },
    ]);
    // Teardown mode: the vault and the Cloud Map service may go with what they hold.
    expect(after(p, "module.jenkins.module.this[0].aws_backup_vault.this[0]").force_destroy).toBe(true);
    expect(after(p, "module.jenkins.module.this[0].aws_service_discovery_service.this").force_destroy).toBe(true);
    const rule = (after(p, "module.jenkins.module.this[0].aws_backup_plan.this[0]").rule as JsonBlock[])[0];
    expect(rule.lifecycle[0]).toMatchObject({ delete_after: 35 });
    expect(rule.lifecycle[0].cold_storage_after ?? null).toBeNull();
    const task = after(p, "module.jenkins.module.this[0].aws_ecs_task_definition.controller_task_definition");
    expect({ cpu: task.cpu, memory: task.memory }).toEqual({ cpu: "1024", memory: "3072" });
    const yaml = parse(p.planned_values.outputs.jcasc_yaml.value as string);
    const small = yaml.jenkins.clouds[0].ecs.templates[0];
    expect(small).toMatchObject({ label: "small", cpu: 256, memory: 512, ephemeralStorageSizeInGiB: 30, image: "jenkins/inbound-agent:latest" });
    expect(small.memoryReservation).toBeUndefined();
    expect(small.taskrole).toBeUndefined();
    expect(yaml.jenkins.clouds[1].ecs.templates).toEqual([]);
    expect(yaml.jobs[0].script).toContain("simple-job-critical-task");
    expect(yaml.jobs[0].script).not.toContain("simple-job-non-critical-task");
  });
});
