/**
 * The registry module's images, VPC endpoints and JCasC delivery (issues 13 and 17): the same
 * constructs as the stack (ControllerImage, AgentImages, VpcEndpoints), switched by the
 * variables `controller_image`, `agent_image_source` and `vpc_endpoints`, checked in the
 * synthesized module and in offline plans of root modules that set them; and the controller's
 * container definitions with 200 agent templates, measured against the 64 KiB limit.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { gzipSync } from "zlib";
import { parse } from "yaml";
import { FAKE_CREDENTIALS, OFFLINE_PROVIDER_OVERRIDE, offlineInit, terraform, terraformOk } from "../../tools/terraform/offline-terraform";
import { CONTAINER_DEFINITIONS_LIMIT_BYTES, RESOLVED_REFERENCE_BYTES, resolvedSizeUpperBound } from "../../lib/constructs/controller/controller-service";
import { ModuleBuild, buildModule, synthesizeModule } from "../../lib/module/package-module";
import { callOutputsHcl, callView, errorsInCall } from "../support/module-calls";
import { SynthJson } from "../support/project";
import { describeTerraform } from "../support/terraform";

type Resources = Record<string, Record<string, Record<string, any>>>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("synthesized module: images and endpoints through the stack's constructs", () => {
  const main = JSON.parse(JSON.stringify(synthesizeModule().main)) as SynthJson & { locals: Record<string, unknown> };
  const r = main.resource as Resources;
  const docs = main.data!.aws_iam_policy_document as Resources[string];
  const statement = (doc: string, sid: string) => (docs[doc].statement as Array<Record<string, unknown>>).find((s) => s.sid === sid)!;

  test("controller image: built (CodeBuild, context inline, terraform_data step) only without controller_image; the repository always", () => {
    expect(r.aws_ecr_repository.image_repository.count).toBeUndefined();
    for (const [type, id] of [
      ["aws_codebuild_project", "image_project"],
      ["aws_iam_role", "image_build_role"],
      ["terraform_data", "image_build_step"],
    ])
      expect(r[type][id].count).toBe("${local.build_controller_image ? 1 : 0}");
    expect(main.locals.build_controller_image).toBe("${var.controller_image == null}");
    const project = r.aws_codebuild_project.image_project;
    expect(project.source.type).toBe("NO_SOURCE");
    expect(project.source.buildspec).toContain(`printf '%s' "$CONTEXT_DOCKERFILE" | base64 -d > 'Dockerfile'`);
    expect(r.aws_s3_bucket).toBeUndefined();
  });

  test("controller execution role: its own repository and a prebuilt controller_image's ECR repository", () => {
    const pull = statement("controller_roles_execution_policy", "PullControllerImage").resources as string[];
    expect(pull[0]).toBe("${aws_ecr_repository.image_repository.arn}");
    expect(pull[1]).toMatch(
      /^\$\{try\(format\("arn:%s:ecr:%s:%s:repository\/%s", data\.aws_partition\.current\.partition, element\(regex\(".*", var\.controller_image\), 1\)/,
    );
  });

  test("agent images: mirror, cache rule and cache rights switched by agent_image_source.source", () => {
    const mirror = '${(var.agent_image_source.source == "mirror") ? 1 : 0}';
    const cache = '${(var.agent_image_source.source == "pull-through-cache") ? 1 : 0}';
    expect(r.aws_ecr_repository.agent_images_mirror_repository.count).toBe(mirror);
    expect(r.aws_codebuild_project.agent_images_mirror_project.count).toBe(mirror);
    expect(r.aws_ecr_pull_through_cache_rule.agent_images_pull_through_cache.count).toBe(cache);
    expect(r.aws_iam_role_policy.agents_pull_through_cache_role_policy.count).toBe(cache);
    expect(docs.agents_pull_through_cache_policy.statement[0]).toMatchObject({
      sid: "FillPullThroughCache",
      actions: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
    });
    // Exactly the repositories in use: the source's, then the ECR images templates name.
    const pull = statement("agents_execution_policy", "PullPrivateAgentImages").resources as string;
    expect(pull).toContain("one(aws_ecr_repository.agent_images_mirror_repository.*.arn)");
    expect(pull).toContain("repository/${var.agent_image_source.repository_prefix}/*");
    expect(pull).toContain("images = local.agent_template_images");
    expect(pull).not.toContain('repository/*"');
  });

  test("JCasC: gzip + base64 by Terraform, the default image through the stack's placeholder", () => {
    expect(main.locals.jcasc_yaml_gzip_base64).toBe("${base64gzip(local.jcasc_yaml)}");
    const defs = r.aws_ecs_task_definition.controller_task_definition.container_definitions as string;
    expect(defs).toContain('"name":"CASC_YAML_GZIP_BASE64","value":"${local.jcasc_yaml_gzip_base64}"');
    expect(defs).not.toContain('CASC_YAML_BASE64"');
    expect(main.locals.jcasc_yaml as string).toContain('coalesce(t.image, "$${AGENT_DEFAULT_IMAGE}")');
  });

  test("VPC endpoints: one per offered service, switched by enabled and interface_services", () => {
    expect(r.aws_security_group.vpc_endpoints_security_group.count).toBe("${var.vpc_endpoints.enabled ? 1 : 0}");
    expect(r.aws_vpc_endpoint.vpc_endpoints_endpoint_ecr_api).toMatchObject({
      count: '${(var.vpc_endpoints.enabled && contains(var.vpc_endpoints.interface_services, "ecr.api")) ? 1 : 0}',
    });
    expect(r.aws_vpc_endpoint.vpc_endpoints_s3_gateway.count).toBe("${(var.vpc_endpoints.enabled && var.vpc_endpoints.s3_gateway) ? 1 : 0}");
  });
});

/** The parts of `terraform show -json <plan>` read here. */
interface Plan {
  readonly resource_changes?: Array<{ address: string; change: { after?: Record<string, any> | null } }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly planned_values: { outputs: Record<string, { value: unknown }> };
}

describeTerraform("module plans with the image and endpoint variables switched (offline)", () => {
  let build: ModuleBuild;
  let work: string;
  beforeAll(() => {
    build = buildModule({ outDir: fs.mkdtempSync(path.join(os.tmpdir(), "sj-module-img-")) });
    work = fs.mkdtempSync(path.join(os.tmpdir(), "sj-module-img-tf-"));
    fs.cpSync(build.dir, path.join(work, "module"), { recursive: true });
  });

  const BASE = `  name_prefix        = "ci"
  account_id         = "123456789012"
  vpc_id             = "vpc-0123456789abcdef0"
  public_subnet_ids  = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  private_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
  certificate_arn    = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"`;

  /**
   * A root module calling the module once per entry of `calls` (call name → input lines), each
   * call's `jcasc_yaml` and `agent_default_image` as root outputs (module-calls.ts); initialized.
   */
  const root = (name: string, calls: Record<string, string>) => {
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    const blocks = Object.entries(calls).map(([call, inputs]) => `module "${call}" {\n  source = "../module"\n\n${BASE}\n${inputs}\n}\n`);
    fs.writeFileSync(
      path.join(dir, "main.tf"),
      `provider "aws" {\n  region = "eu-west-1"\n}\n\n${blocks.join("\n")}\n${callOutputsHcl(Object.keys(calls), ["jcasc_yaml", "agent_default_image"])}`,
    );
    fs.writeFileSync(path.join(dir, "zz_offline_override.tf.json"), JSON.stringify({ provider: OFFLINE_PROVIDER_OVERRIDE.provider }, null, 2));
    offlineInit(dir);
    return dir;
  };
  // The valid cases as module calls of one root: one plan and one show for both (each starts the
  // provider, which is most of their time); each test reads its own call's part of the plan.
  const VALID: Record<string, string> = {
    cache: `  controller_image   = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ci/controller:1.0"
  agent_image_source = { source = "pull-through-cache", credential_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf" }
  vpc_endpoints      = { enabled = true, interface_services = ["ecr.api", "ecr.dkr", "logs"], route_table_ids = ["rtb-0123456789abcdef0"] }`,
    scale: `  spot_cluster        = true
  agent_default_image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/jenkins-agent:1"
  agent_image_source  = { source = "prebuilt" }
  agent_templates = {
${Array.from({ length: 200 }, (_, i) => `    "t${String(i).padStart(3, "0")}" = { cpu = 1024, memory = 2048${i % 2 ? ", spot = true" : ""} }`).join("\n")}
  }`,
  };
  let valid: Plan | undefined;
  /** The plan of the valid case `call`, as if its call were the root's only one, named jenkins. */
  const plan = (call: keyof typeof VALID & string): Plan => {
    if (!valid) {
      const dir = root("valid", VALID);
      terraformOk(dir, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=p.tfplan"], FAKE_CREDENTIALS);
      valid = JSON.parse(terraformOk(dir, ["show", "-json", "p.tfplan"], FAKE_CREDENTIALS).stdout) as Plan;
    }
    return callView(valid, call);
  };
  const addresses = (p: Plan) => (p.resource_changes ?? []).map((x) => x.address);
  const after = (p: Plan, address: string) => (p.resource_changes ?? []).find((x) => x.address === address)?.change.after ?? {};

  test("pull-through cache with a credential, prebuilt controller image, VPC endpoints on", () => {
    const p = plan("cache");
    const a = addresses(p);
    expect(a.filter((x) => /codebuild|build_step/.test(x))).toEqual([]);
    expect(a.filter((x) => x.includes("agent_images_mirror"))).toEqual([]);
    expect(after(p, "module.jenkins.module.this[0].aws_ecr_pull_through_cache_rule.agent_images_pull_through_cache[0]")).toMatchObject({
      ecr_repository_prefix: "docker-hub",
      upstream_registry_url: "registry-1.docker.io",
      credential_arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf",
    });
    expect(a).toContain("module.jenkins.module.this[0].aws_iam_role_policy.agents_pull_through_cache_role_policy[0]");
    expect(p.planned_values.outputs.agent_default_image.value).toMatch(
      /^123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/docker-hub\/jenkins\/inbound-agent:/,
    );
    const yaml = parse(p.planned_values.outputs.jcasc_yaml.value as string);
    expect(yaml.jenkins.clouds[0].ecs.templates[0].image).toBe("${AGENT_DEFAULT_IMAGE}");
    const endpoints = a.filter((x) => x.includes("aws_vpc_endpoint.")).sort();
    expect(endpoints).toEqual(
      [
        "module.jenkins.module.this[0].aws_vpc_endpoint.vpc_endpoints_endpoint_ecr_api[0]",
        "module.jenkins.module.this[0].aws_vpc_endpoint.vpc_endpoints_endpoint_ecr_dkr[0]",
        "module.jenkins.module.this[0].aws_vpc_endpoint.vpc_endpoints_endpoint_logs[0]",
        "module.jenkins.module.this[0].aws_vpc_endpoint.vpc_endpoints_s3_gateway[0]",
      ].sort(),
    );
    expect(after(p, "module.jenkins.module.this[0].aws_vpc_endpoint.vpc_endpoints_endpoint_ecr_dkr[0]")).toMatchObject({
      service_name: "com.amazonaws.eu-west-1.ecr.dkr",
      private_dns_enabled: true,
    });
    expect(after(p, "module.jenkins.module.this[0].aws_vpc_endpoint.vpc_endpoints_s3_gateway[0]").route_table_ids).toEqual(["rtb-0123456789abcdef0"]);
  });

  test("invalid image source and endpoints fail plan with the stack's rules", () => {
    // Each case in its own module call, each message read from its own call's errors. The rules
    // that read another input (agent_default_image with the source, route tables with the
    // network) are evaluated only once no single-variable rule failed in the plan, so they have a
    // plan of their own: two plans instead of one per case.
    const failingPlan = (name: string, calls: Record<string, string>) => {
      const run = terraform(root(name, calls), ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color"], FAKE_CREDENTIALS);
      expect(run.status).not.toBe(0);
      return run.stderr;
    };
    const stderrs = [
      failingPlan("invalid-single", { invalid_cache: `  agent_image_source = { source = "pull-through-cache" }` }),
      failingPlan("invalid-cross", {
        invalid_source: `  agent_image_source = { source = "prebuilt" }`,
        invalid_endpoints: `  vpc_endpoints = { enabled = true }`,
      }),
    ];
    const failed = (call: string) => errorsInCall(stderrs, call).join(" ");
    expect(failed("invalid_source")).toContain("agent_default_image must be an ECR image reference");
    expect(failed("invalid_cache")).toContain("agent_image_source.credential_arn must be set for upstreams that need a credential");
    expect(failed("invalid_endpoints")).toContain("vpc_endpoints.route_table_ids must list the private subnets' route tables");
  });

  test("200 agent templates, prebuilt agent image: container definitions well under 64 KiB", () => {
    const p = plan("scale");
    const yaml = p.planned_values.outputs.jcasc_yaml.value as string;
    expect(parse(yaml).jenkins.clouds.flatMap((c: { ecs: { templates: unknown[] } }) => c.ecs.templates)).toHaveLength(200);
    expect(addresses(p).filter((x) => /agent_images_mirror|pull_through/.test(x))).toEqual([]);
    // The definitions as synthesized, every reference counted at its upper bound except the
    // compressed YAML, counted at its real size (gzip level 6, Terraform's base64gzip default).
    const defs = synthesizeModule().main as unknown as { resource: Resources };
    const text = defs.resource.aws_ecs_task_definition.controller_task_definition.container_definitions as string;
    const gzipped = gzipSync(Buffer.from(yaml, "utf8")).toString("base64").length;
    const bytes = resolvedSizeUpperBound(text) - RESOLVED_REFERENCE_BYTES + gzipped;
    console.log(
      `module, 200 templates: YAML ${(yaml.length / 1024).toFixed(1)} KiB, gzip+base64 ${(gzipped / 1024).toFixed(1)} KiB, container definitions <= ${(bytes / 1024).toFixed(1)} KiB`,
    );
    expect(bytes).toBeLessThan(CONTAINER_DEFINITIONS_LIMIT_BYTES / 2);
    expect(yaml.length).toBeGreaterThan(CONTAINER_DEFINITIONS_LIMIT_BYTES);
  });
});
