/**
 * Issue 16, "each variable that switches a feature has a plan test": every module variable a
 * `count`/`for_each` of main.tf.json depends on (directly or through locals) is named in
 * {@link SWITCH_PLANS} with the test file whose offline plan sets it, and that file sets it.
 * The switches no other file plans are planned here, several per plan where they do not
 * interact: the stack's settings the module carries as variables (spot cluster, backup, vault
 * lock, extra backup rules, ECS Exec, java opts, Dockerfile lines, example jobs, a brought file
 * system, provisioned throughput, the agent-failure event, build credentials).
 *
 * Resources are found by type and attributes, not by address, so the module's address
 * scheme (readable names, `this`, a wrapper module) can change without touching this file.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { FAKE_CREDENTIALS, offlineInit, terraformOk } from "../../tools/terraform/offline-terraform";
import { buildContext, contextTag } from "../../lib/constructs/image/controller-image";
import { awsProviderConstraint } from "../../lib/module/module-files";
import { ModuleBuild, buildModule, synthesizeModule } from "../../lib/module/package-module";
import { configWith, ROOT } from "../support/project";
import { describeTerraform } from "../support/terraform";
import { writeConsumerRootCalls } from "../support/consumer-root";
import { callOutput, callView } from "../support/module-calls";

/**
 * Switching variable -> the test file (in __tests__/module/) whose offline plan sets it to a
 * value other than its default.
 */
const SWITCH_PLANS: Record<string, string> = {
  account_id: "module-network.test.ts",
  agent_image_source: "module-images.test.ts",
  agent_templates: "module.test.ts",
  alert_agent_task_failures: "module-switches.test.ts",
  alert_emails: "module-switches.test.ts",
  alert_https_endpoints: "module.test.ts",
  alert_sqs_queue_arns: "module.test.ts",
  allowed_cidrs: "module.test.ts",
  auth: "module-team.test.ts",
  availability_zones: "module-network.test.ts",
  backup_additional_rules: "module-switches.test.ts",
  backup_cold_storage_after_days: "module.test.ts",
  backup_delete_after_days: "module.test.ts",
  backup_enabled: "module-switches.test.ts",
  backup_schedule: "module.test.ts",
  backup_vault_lock_enabled: "module-switches.test.ts",
  controller_ecs_exec: "module-switches.test.ts",
  controller_image: "module.test.ts",
  create_admin_password: "module.test.ts",
  credentials_secret_tag: "module-credentials.test.ts",
  credentials_secrets_manager_enabled: "module-switches.test.ts",
  efs_file_system_id: "module-switches.test.ts",
  efs_throughput_mode: "module.test.ts",
  efs_transition_to_ia_days: "module.test.ts",
  hostname: "module-switches.test.ts",
  kms_key_arn: "enterprise-hooks.test.ts",
  nat_gateways: "module-network.test.ts",
  private_subnet_ids: "module.test.ts",
  route53_zone_id: "module-switches.test.ts",
  spot_cluster: "module-switches.test.ts",
  vpc_endpoints: "module-images.test.ts",
  vpc_flow_logs: "module-network.test.ts",
  vpc_id: "module-network.test.ts",
};

/** Variables a count or for_each of `main` depends on, through locals too. */
function switchingVariables(main: { resource: object; data?: object; locals?: Record<string, unknown> }): string[] {
  const locals = main.locals ?? {};
  const varsOf = (x: unknown, seen: Set<string>): string[] =>
    [...JSON.stringify(x ?? "").matchAll(/\b(var|local)\.([a-z0-9_]+)/g)].flatMap(([, kind, name]) => {
      if (kind === "var") return [name];
      if (seen.has(name)) return [];
      seen.add(name);
      return varsOf(locals[name], seen);
    });
  const found = new Set<string>();
  const walk = (x: unknown): void => {
    if (!x || typeof x !== "object") return;
    for (const [k, v] of Object.entries(x)) {
      if (k === "count" || k === "for_each") for (const n of varsOf(v, new Set())) found.add(n);
      walk(v);
    }
  };
  walk(main.resource);
  walk(main.data);
  return [...found].sort();
}

describe("every switching variable of the module has an offline plan", () => {
  const { main } = synthesizeModule();
  const switching = switchingVariables(main as Parameters<typeof switchingVariables>[0]);

  test("the switches are the ones listed (a new switch needs a plan test named here)", () => {
    expect(switching.length).toBeGreaterThan(20);
    expect(switching).toEqual(Object.keys(SWITCH_PLANS).sort());
  });

  test("settings without a switch reach their resource: JAVA_OPTS from controller_java_opts, Dockerfile lines in the image context", () => {
    const resource = main.resource as Record<string, Record<string, Record<string, unknown>>>;
    const definitions = String(
      resource.aws_ecs_task_definition[Object.keys(resource.aws_ecs_task_definition).find((k) => /^controller/.test(k))!].container_definitions,
    );
    expect(definitions).toContain('{"name":"JAVA_OPTS","value":"${var.controller_java_opts}"}');
    const context = (main.locals as Record<string, Record<string, string>>).image_context;
    expect(context.Dockerfile).toContain("[for lines in [var.controller_image_build.extra_dockerfile_lines] :");
  });

  test("docs/module.md counts the module's reads of data.aws_region.current.name (deprecated in AWS provider 6) right", () => {
    const build = buildModule({ outDir: fs.mkdtempSync(path.join(os.tmpdir(), "sj-module-region-")) });
    // Every Terraform file of the module (a wrapper's child module too), not the examples; summed by file name.
    const reads: Record<string, number> = {};
    for (const f of build.files.filter((x) => !x.startsWith("examples/") && /\.tf(\.json)?$/.test(x))) {
      const n = (fs.readFileSync(path.join(build.dir, f), "utf8").match(/data\.aws_region\.current\.name/g) ?? []).length;
      reads[path.basename(f)] = (reads[path.basename(f)] ?? 0) + n;
    }
    const total = Object.values(reads).reduce((a, b) => a + b, 0);
    const counts = ["main.tf.json", "variables.tf", "outputs.tf"].map((f) => reads[f] ?? 0);
    const doc = fs.readFileSync(path.join(ROOT, "docs", "module.md"), "utf8").replace(/\s+/g, " ");
    const m = /the module reads it (\d+) times \((\d+) in `main\.tf\.json`.*?; (\d+) in the region validations of `variables\.tf`; (\d+) in `outputs\.tf`/.exec(
      doc,
    );
    expect(m?.slice(1).map(Number)).toEqual([total, ...counts]);
  });

  test("each listed test file sets its variable in a root module it plans", () => {
    for (const [name, file] of Object.entries(SWITCH_PLANS)) {
      const text = fs.readFileSync(path.join(ROOT, "__tests__", "module", file), "utf8");
      expect({ name, file, sets: new RegExp(`(^|[\\s{,"])${name}"?\\s*[=:]`, "m").test(text) }).toEqual({ name, file, sets: true });
      expect({ file, plans: /describeTerraform\(/.test(text) && /"plan"/.test(text) }).toEqual({ file, plans: true });
    }
  });
});

/**
 * Settings of vars.json the module has no variable for, and why (prefixes of schema paths).
 * `pending`: another change is adding the variables; such an entry may already be covered.
 */
const NOT_MODULE_VARIABLES: Record<string, { why: string; pending?: true }> = {
  $schema: { why: "the editor's schema reference, not a setting" },
  region: { why: "the caller's provider sets the region" },
  state: { why: "the state bucket and lock table are the bootstrap stack's; a module's caller owns its backend" },
  backend: { why: "the caller owns the backend" },
  "loadBalancer.dns.createRecord": { why: "the module creates the alias record whenever hostname and route53_zone_id are both set" },
  "image.mode": { why: "controller_image set is the prebuilt mode, unset CodeBuild; docker on the deploying machine (local) is stack-only" },
  "agentImages.build": { why: "the module builds agent images with CodeBuild only; docker on the deploying machine (local) is stack-only" },
  "dataProtection.allowDestroy": { why: "prevent_destroy takes no expression: the module always protects JENKINS_HOME (docs/module.md, Teardown)" },
};

describe("every setting of the stack is a module variable, or declared with its reason", () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "vars.schema.json"), "utf8"));
  type JsonSchema = { type?: string; properties?: Record<string, JsonSchema> };
  const leaves = (s: JsonSchema, at: string): string[] =>
    s.type === "object" && s.properties ? Object.entries(s.properties).flatMap(([k, v]) => leaves(v, at ? `${at}.${k}` : k)) : [at];
  const fields = leaves(schema, "");
  const paths = synthesizeModule().stack.variables.flatMap((v) => v.schemaPaths.map((p) => p.replace(/\[\]/g, "")));
  const covered = (f: string) => paths.some((p) => f === p || f.startsWith(`${p}.`) || p.startsWith(`${f}.`));
  const declared = (f: string) => Object.keys(NOT_MODULE_VARIABLES).find((d) => f === d || f.startsWith(`${d}.`));

  test("each field of vars.schema.json is carried by a variable (its schemaPaths) or declared", () => {
    expect(fields.length).toBeGreaterThan(80);
    expect(fields.filter((f) => !covered(f) && !declared(f))).toEqual([]);
  });

  test("the declarations are still needed (pending ones may be covered already)", () => {
    for (const [d, { why, pending }] of Object.entries(NOT_MODULE_VARIABLES)) {
      const matching = fields.filter((f) => f === d || f.startsWith(`${d}.`));
      expect({ d, exists: matching.length > 0 }).toEqual({ d, exists: true });
      if (!pending) expect({ d, why, covered: matching.some(covered) }).toEqual({ d, why, covered: false });
    }
  });
});

/** The parts of `terraform show -json <plan>` read here. */
interface Plan {
  readonly resource_changes?: Array<{ address: string; type: string; change: { actions: string[]; after?: Record<string, any> | null } }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The root's `jenkins` output (the module's outputs): what is known at plan time. */
  readonly output_changes: { jenkins: { change?: never; after: Record<string, unknown> } };
}

describeTerraform("module plans with the stack's settings switched (offline)", () => {
  let build: ModuleBuild;
  let work: string;
  let off: Plan;
  let on: Plan;

  /**
   * Root module calling the built module once per entry of `calls` (call name → its inputs besides
   * the minimal ones), each call's outputs as output `<call>__jenkins`: one plan and one show for
   * all of them (each starts the provider, which is most of their time). Each call's part is read
   * as if it were the root's only call (module-calls.ts).
   */
  const planWith = (name: string, calls: Record<string, string>): Record<string, Plan> => {
    const dir = writeConsumerRootCalls(path.join(work, name), {
      moduleDir: build.dir,
      certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
      calls,
      outputs: Object.keys(calls)
        .map((call) => `output "${callOutput(call, "jenkins")}" {\n  value     = module.${call}\n  sensitive = true\n}\n`)
        .join("\n"),
    });
    offlineInit(dir);
    terraformOk(dir, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=p.tfplan"], FAKE_CREDENTIALS);
    const plan = JSON.parse(terraformOk(dir, ["show", "-json", "p.tfplan"], FAKE_CREDENTIALS).stdout) as Plan;
    return Object.fromEntries(Object.keys(calls).map((call) => [call, callView(plan, call)]));
  };
  /** Created resources of a type. */
  const created = (p: Plan, type: string) => (p.resource_changes ?? []).filter((r) => r.type === type && r.change.actions.includes("create"));
  const one = (p: Plan, type: string) => {
    const all = created(p, type);
    if (all.length !== 1) throw new Error(`expected one ${type}, planned ${all.map((r) => r.address).join(", ")}`);
    return all[0].change.after ?? {};
  };
  const outputs = (p: Plan) => p.output_changes.jenkins.after;
  const jcasc = (p: Plan) => parse(outputs(p).jcasc_yaml as string);
  const lines = ["RUN echo audited > /usr/share/jenkins/ref/audit.txt", "ENV AUDIT_MARK=1"];

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "sj-module-switches-"));
    build = buildModule({ outDir: path.join(work, "dist") });
    ({ off, on } = planWith("switches", {
      // Off: switches whose default is on, turned off; and a created file system with provisioned throughput.
      off: `  spot_cluster                        = false
  agent_templates                     = { build = { cpu = 1024, memory = 2048 } }
  backup_enabled                      = false
  jobs                                = { examples = false }
  alert_agent_task_failures           = false
  credentials_secrets_manager_enabled = false
  efs_throughput_mode                 = "provisioned"
  efs_provisioned_throughput_mibps    = 64`,
      // On: switches whose default is off, turned on (they do not interact).
      on: `  backup_vault_lock_enabled            = true
  backup_vault_lock_min_retention_days = 14
  backup_vault_lock_max_retention_days = 400
  backup_additional_rules              = [{ name = "weekly", schedule = "cron(0 3 ? * SUN *)", cold_storage_after_days = 30, delete_after_days = 365 }]
  controller_ecs_exec                  = true
  controller_image_build               = { extra_dockerfile_lines = ${JSON.stringify(lines)} }
  efs_file_system_id                   = "fs-0123456789abcdef0"
  alert_emails                         = ["jenkins-ops@example.com"]
  hostname                             = "jenkins.example.com"
  route53_zone_id                      = "Z0123456789ABCDEFGHIJ"`,
    }));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("the plan ran with the lower bound of the module's AWS provider range (versions.tf)", () => {
    const lower = /^>= ([0-9.]+),/.exec(awsProviderConstraint())![1];
    const lock = fs.readFileSync(path.join(work, "switches", ".terraform.lock.hcl"), "utf8");
    expect(/provider "registry\.terraform\.io\/hashicorp\/aws" \{\s+version\s+= "([0-9.]+)"/.exec(lock)?.[1]).toBe(lower);
  });

  test("spot_cluster = false: no FARGATE_SPOT cluster, its output null, no fargate-spot cloud; on by default", () => {
    const clusters = (p: Plan) => created(p, "aws_ecs_cluster").map((r) => r.change.after!.name as string);
    expect(clusters(off).sort()).toEqual(["jenkins-agents-fargate", "jenkins-controller"].sort());
    expect(clusters(on)).toContain("jenkins-agents-fargate-spot");
    expect(
      created(off, "aws_ecs_cluster_capacity_providers").map((r) => r.change.after!.default_capacity_provider_strategy[0].capacity_provider),
    ).not.toContain("FARGATE_SPOT");
    expect(outputs(off).agent_cluster_spot_arn ?? null).toBeNull();
    expect(jcasc(off).jenkins.clouds.map((c: { ecs: { name: string } }) => c.ecs.name)).not.toContain("fargate-spot");
    expect(jcasc(on).jenkins.clouds.map((c: { ecs: { name: string } }) => c.ecs.name)).toContain("fargate-spot");
  });

  test("backup_enabled = false: no vault, plan, selection or backup role; the backup outputs null", () => {
    for (const type of ["aws_backup_vault", "aws_backup_plan", "aws_backup_selection", "aws_backup_vault_lock_configuration", "aws_backup_vault_notifications"])
      expect({ type, planned: created(off, type).length }).toEqual({ type, planned: 0 });
    expect(created(off, "aws_iam_role").filter((r) => /backup/.test(String(r.change.after?.name)))).toEqual([]);
    expect([outputs(off).backup_vault_name ?? null, outputs(off).backup_plan_id ?? null, outputs(off).backup_role_arn ?? null]).toEqual([null, null, null]);
    expect(created(on, "aws_backup_vault")).toHaveLength(1);
  });

  test("backup_vault_lock_enabled and backup_additional_rules: a governance lock with the given ages, a second rule", () => {
    expect(one(on, "aws_backup_vault_lock_configuration")).toMatchObject({ min_retention_days: 14, max_retention_days: 400 });
    expect(one(on, "aws_backup_vault_lock_configuration").changeable_for_days ?? null).toBeNull();
    const rules = one(on, "aws_backup_plan").rule as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(rules).toHaveLength(2);
    const weekly = rules.find((r) => String(r.rule_name).endsWith("weekly"))!;
    expect(weekly).toMatchObject({ schedule: "cron(0 3 ? * SUN *)" });
    expect(weekly.lifecycle[0]).toMatchObject({ cold_storage_after: 30, delete_after: 365 });
    // Off by default.
    expect(created(off, "aws_backup_vault_lock_configuration")).toEqual([]);
  });

  test("controller_ecs_exec: execute command on the service and the task role's channels; off by default", () => {
    expect(one(on, "aws_ecs_service").enable_execute_command).toBe(true);
    expect(one(off, "aws_ecs_service").enable_execute_command).toBe(false);
    const exec = (p: Plan) => created(p, "aws_iam_role_policy").filter((r) => /ssmmessages:/.test(String(r.change.after?.policy)));
    expect(exec(on)).toHaveLength(1);
    expect(exec(off)).toEqual([]);
  });

  test("alert_emails, hostname and route53_zone_id: an e-mail subscription and the alias record; none by default", () => {
    expect(one(on, "aws_sns_topic_subscription")).toMatchObject({ protocol: "email", endpoint: "jenkins-ops@example.com" });
    expect(one(on, "aws_route53_record")).toMatchObject({ name: "jenkins.example.com", type: "A", zone_id: "Z0123456789ABCDEFGHIJ" });
    expect([created(off, "aws_sns_topic_subscription"), created(off, "aws_route53_record")]).toEqual([[], []]);
  });

  test("controller_image_build.extra_dockerfile_lines: the image tag is the stack's content hash of a Dockerfile with those lines", () => {
    const tag = (p: Plan) => {
      const steps = created(p, "terraform_data").filter((r) => !/agent/.test(r.address));
      expect(steps).toHaveLength(1);
      return steps[0].change.after!.triggers_replace.values[0] as string;
    };
    const image = configWith().image;
    expect(tag(on)).toBe(contextTag(buildContext({ ...image, extraDockerfileLines: lines })));
    expect(tag(off)).toBe(contextTag(buildContext(image)));
    expect(tag(on)).not.toBe(tag(off));
  });

  test("jobs.examples = false: no example job in JCasC; on by default (no repositories)", () => {
    const scripts = (p: Plan) => JSON.stringify(jcasc(p).jobs ?? []);
    expect(scripts(on)).toContain("simple-job-critical-task");
    expect(scripts(off)).not.toContain("simple-job");
  });

  test("efs_file_system_id: no file system created; the access point and mount targets use the given one", () => {
    expect(created(on, "aws_efs_file_system")).toEqual([]);
    expect(one(on, "aws_efs_access_point").file_system_id).toBe("fs-0123456789abcdef0");
    for (const mt of created(on, "aws_efs_mount_target")) expect(mt.change.after!.file_system_id).toBe("fs-0123456789abcdef0");
    expect(outputs(on).efs_file_system_id).toBe("fs-0123456789abcdef0");
    expect(one(off, "aws_efs_file_system")).toMatchObject({ throughput_mode: "provisioned", provisioned_throughput_in_mibps: 64 });
  });

  test("alert_agent_task_failures = false: no event rule for stopped agent tasks; on by default", () => {
    const rules = (p: Plan) => created(p, "aws_cloudwatch_event_rule").filter((r) => /agent/i.test(`${r.change.after?.name} ${r.change.after?.event_pattern}`));
    expect(rules(on).length).toBeGreaterThan(0);
    expect(rules(off)).toEqual([]);
  });

  test("credentials_secrets_manager_enabled = false: no build-credentials policy, no Secrets Manager credentials provider in JCasC", () => {
    const policies = (p: Plan) => created(p, "aws_iam_role_policy").filter((r) => /secretsmanager:ListSecrets/.test(String(r.change.after?.policy)));
    expect(policies(on)).toHaveLength(1);
    expect(policies(off)).toEqual([]);
    expect(jcasc(on).unclassified.awsCredentialsProvider.listSecrets.filters[0]).toEqual({ key: "name", values: ["jenkins/"] });
    expect(jcasc(off).unclassified.awsCredentialsProvider).toBeUndefined();
  });
});
