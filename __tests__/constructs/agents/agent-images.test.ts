/**
 * Issue 13, agents at real scale: agent images from the stack's ECR (mirror, pull-through
 * cache, prebuilt, per-template builds), the execution roles' pull rights per image source,
 * JCasC delivery that stays far below the 64 KiB container-definitions limit with 200
 * templates, template sizing against the amazon-ecs plugin's field semantics, label
 * collisions and the optional VPC endpoints.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { gunzipSync, gzipSync } from "zlib";
import { parse } from "yaml";
import { loadConfigFile } from "../../../lib/config/load-config";
import { isValidFargateSize } from "../../../lib/config/fargate-sizes";
import { labelSlug } from "../../../lib/config/agent-images";
import { CONTAINER_DEFINITIONS_LIMIT_BYTES, CONTROLLER_ENTRYPOINT, resolvedSizeUpperBound } from "../../../lib/constructs/controller/controller-service";
import { describeFinding, evaluatePolicy } from "../../../lib/policy";
import { offlineCheck } from "../../../tools/terraform/offline-terraform";
import { byId, configWith, inputWith, policyStatements, project, resources, ROOT, synthJson, synthToDir, SynthJson, JsonBlock } from "../../support/project";
import { parseConfig } from "../../../lib/config/load-config";
import { describeTerraform } from "../../support/terraform";

const DOCKER_HUB_DEFAULT = "jenkins/inbound-agent:3355.v388858a_47b_33-5-jdk21";
const ECR_LITERAL = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/[a-z0-9._/-]+(:[\w.-]+)?(@sha256:[a-f0-9]{64})?$/;

/** An amazon-ecs plugin template as the JCasC YAML declares it: the fields these tests read, the rest as parsed. */
interface Template {
  readonly label: string;
  readonly image: string;
  readonly cpu?: number;
  readonly memory?: number;
  readonly memoryReservation?: number;
  readonly [field: string]: unknown;
}

/** The controller's container, its environment, and the JCasC YAML decoded from it. */
function controllerOf(json: SynthJson) {
  const td = byId(json, "aws_ecs_task_definition", "Controller");
  const [container] = JSON.parse(td.container_definitions);
  const env: Record<string, string> = Object.fromEntries(container.environment.map((e: { name: string; value: string }) => [e.name, e.value]));
  const yaml = gunzipSync(Buffer.from(env.CASC_YAML_GZIP_BASE64, "base64")).toString("utf8");
  const templates: Template[] = parse(yaml).jenkins.clouds.flatMap((c: { ecs: { templates: Template[] } }) => c.ecs.templates);
  return { td, container, env, yaml, templates };
}

/** A template's image with its `${VAR}` placeholder filled from the controller environment. */
function resolvedImage(t: Template, env: Record<string, string>): string {
  return String(t.image).replace(/\$\{([A-Z0-9_]+)\}/g, (_m, v: string) => {
    if (!(v in env)) throw new Error(`template ${t.label}: placeholder ${v} is not in the controller environment`);
    return env[v];
  });
}

/** An image agents pull from the stack's ECR: one of its repositories, or a literal ECR URI. */
function isStackEcr(image: string, json: SynthJson): boolean {
  const m = /^\$\{aws_ecr_repository\.([A-Za-z0-9_-]+)\.repository_url\}:ctx-[0-9a-f]{20}$/.exec(image);
  if (m) return json.resource.aws_ecr_repository?.[m[1]] !== undefined;
  return ECR_LITERAL.test(image);
}

const EXAMPLES = path.join(ROOT, "examples", "vars");
const exampleFiles = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith(".json"));

describe("agent images come from the stack's ECR, never from Docker Hub at agent start", () => {
  const cases: [string, () => ReturnType<typeof configWith>][] = [
    ["vars.example.json (defaults)", () => configWith()],
    ...exampleFiles.map((f): [string, () => ReturnType<typeof configWith>] => [`examples/vars/${f}`, () => loadConfigFile(path.join(EXAMPLES, f))]),
  ];

  test.each(cases)("%s: every template image resolves to an ECR reference of the stack or its cache", (_name, load) => {
    const config = load();
    const json = synthJson(project(config).jenkins);
    const { env, templates } = controllerOf(json);
    expect(templates.length).toBe(config.agents.templates.length);
    for (const t of templates) {
      const image = resolvedImage(t, env);
      expect([t.label, isStackEcr(image, json)]).toEqual([t.label, true]);
      // Never a bare Docker Hub name: the registry host is always the stack's ECR.
      expect(image).toMatch(/^(\$\{aws_ecr_repository\.|\d{12}\.dkr\.ecr\.)/);
    }
  });

  test("default (source mirror, codebuild): the Docker Hub image is copied into <prefix>/agent, immutable, scanned, KMS, with a lifecycle", () => {
    const { jenkins } = project();
    const json = synthJson(jenkins);
    const repo = byId(json, "aws_ecr_repository", "AgentImages_Mirror_Repository");
    expect(repo).toMatchObject({
      name: "jenkins/agent",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "KMS", kms_key: expect.stringMatching(/aws_kms_key\.DataKey/) }],
    });
    const lifecycle = JSON.parse(byId(json, "aws_ecr_lifecycle_policy", "AgentImages_Mirror").policy);
    expect(lifecycle.rules[1]).toMatchObject({ selection: { tagPatternList: ["ctx-*"], countType: "imageCountMoreThan", countNumber: 10 } });
    // The mirror's build context is the upstream image and nothing else.
    expect(jenkins.agentImages.mirror!.context!.Dockerfile).toMatch(new RegExp(`^FROM ${DOCKER_HUB_DEFAULT.replace(/\./g, "\\.")}$`, "m"));
    const project_ = byId(json, "aws_codebuild_project", "AgentImages_Mirror_Project");
    expect(project_.name).toBe("jenkins-agent-image");
    const tag = project_.environment.environment_variable.find((v: { name: string }) => v.name === "IMAGE_TAG").value;
    expect(tag).toMatch(/^ctx-[0-9a-f]{20}$/);
    const { env } = controllerOf(json);
    expect(env.AGENT_DEFAULT_IMAGE).toMatch(new RegExp(`^\\$\\{aws_ecr_repository\\.AgentImages_Mirror_Repository_\\w+\\.repository_url\\}:${tag}$`));
    // The controller waits for the mirror's build step (the first agent needs the image).
    const step = Object.keys(json.resource.terraform_data).find((id) => id.startsWith("AgentImages_Mirror_Build"))!;
    expect(byId(json, "aws_ecs_service", "Controller").depends_on).toContain(`terraform_data.${step}`);
    expect(json.resource.terraform_data[step].triggers_replace).toEqual({ values: [tag] });
  });

  test("the mirror's tag follows the default image: a new agent version is a new tag, the same one the same tag", () => {
    const tagOf = (c: ReturnType<typeof configWith>) => project(c).jenkins.agentImages.mirror!.tag;
    const a = tagOf(configWith());
    expect(tagOf(configWith())).toBe(a);
    expect(tagOf(configWith({ agents: { defaultImage: "jenkins/inbound-agent:3355.v388858a_47b_33-6-jdk21" } }))).not.toBe(a);
  });

  test("a template with its own image build: packages and Dockerfile lines as root, back to jenkins, own repository and tag", () => {
    const build = { packages: ["openjdk-17-jdk-headless", "nodejs"], dockerfileLines: ["RUN node --version"] };
    const config = configWith({
      agents: {
        templates: [
          { label: "node_js", build },
          { label: "plain", spot: true },
        ],
      },
    });
    const { jenkins } = project(config);
    const json = synthJson(jenkins);
    const img = jenkins.agentImages.templateImages["node_js"];
    const dockerfile = img.context!.Dockerfile.split("\n");
    expect(dockerfile).toEqual(
      expect.arrayContaining([
        `FROM ${DOCKER_HUB_DEFAULT}`,
        "USER root",
        "RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jdk-headless nodejs && rm -rf /var/lib/apt/lists/*",
        "RUN node --version",
      ]),
    );
    expect(dockerfile.filter((l) => l.trim()).pop()).toBe("USER jenkins");
    expect(dockerfile.indexOf("RUN node --version")).toBeGreaterThan(dockerfile.indexOf("USER root"));
    // Repository and project named from the label's slug (`_` -> `-`, valid ECR name).
    expect(byId(json, "aws_ecr_repository", "AgentImages_Template-node_js_Repository")).toMatchObject({
      name: "jenkins/agent-node-js",
      image_tag_mutability: "IMMUTABLE",
    });
    expect(byId(json, "aws_codebuild_project", "AgentImages_Template-node_js_Project").name).toBe("jenkins-agent-node-js-image");
    expect(byId(json, "aws_iam_role", "AgentImages_Template-node_js_BuildRole").name).toBe("jenkins-build-agent-node-js");
    const { env, templates } = controllerOf(json);
    const node = templates.find((t) => t.label === "node_js")!;
    expect(node.image).toBe("${AGENT_IMAGE_NODE_JS}");
    expect(env.AGENT_IMAGE_NODE_JS).toBe(
      `\${aws_ecr_repository.${Object.keys(json.resource.aws_ecr_repository).find((k) => k.includes("Template-node_js"))}.repository_url}:${img.tag}`,
    );
    expect(templates.find((t) => t.label === "plain")!.image).toBe("${AGENT_DEFAULT_IMAGE}");
    // Content-addressed: another package is another tag; the same build the same tag.
    const again = project(configWith({ agents: { templates: [{ label: "node_js", build }] } })).jenkins.agentImages.templateImages["node_js"].tag;
    expect(again).toBe(img.tag);
    const other = project(configWith({ agents: { templates: [{ label: "node_js", build: { ...build, packages: ["nodejs"] } }] } })).jenkins.agentImages
      .templateImages["node_js"].tag;
    expect(other).not.toBe(img.tag);
    // No Terraform reference in any context.
    for (const ctx of [img.context!, jenkins.agentImages.mirror!.context!]) expect(JSON.stringify(ctx)).not.toMatch(/\$\{|TfToken/);
  });

  test("a template that names an external image keeps it as given", () => {
    const config = configWith({ agents: { templates: [{ label: "custom", image: "ghcr.io/acme/agent:1.2" }] } });
    const { templates } = controllerOf(synthJson(project(config).jenkins));
    expect(templates[0].image).toBe("ghcr.io/acme/agent:1.2");
  });

  test("source pull-through-cache: a cache rule with the credential, the default image under its prefix", () => {
    const credentialArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf";
    const config = configWith({ agentImages: { source: "pull-through-cache", pullThroughCache: { credentialArn } } });
    const json = synthJson(project(config).jenkins);
    expect(Object.values(json.resource.aws_ecr_pull_through_cache_rule)).toEqual([
      { ecr_repository_prefix: "docker-hub", upstream_registry_url: "registry-1.docker.io", credential_arn: credentialArn },
    ]);
    expect(
      resources(json, "aws_ecr_repository")
        .map(([id]) => id)
        .filter((id) => id.startsWith("AgentImages")),
    ).toEqual([]);
    expect(controllerOf(json).env.AGENT_DEFAULT_IMAGE).toBe(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/${DOCKER_HUB_DEFAULT}`);
    // An official image without a namespace is under library/.
    const lib = synthJson(
      project(configWith({ agents: { defaultImage: "alpine:3.20" }, agentImages: { source: "pull-through-cache", pullThroughCache: { credentialArn } } }))
        .jenkins,
    );
    expect(controllerOf(lib).env.AGENT_DEFAULT_IMAGE).toBe("123456789012.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/library/alpine:3.20");
  });
});

describe("pull rights match every image source, and nothing broader", () => {
  const execOf = (json: SynthJson) => policyStatements(json, "Agents_ExecutionPolicy");
  const sid = (stmts: JsonBlock[], s: string) => stmts.find((x) => x.sid === s);

  test("mirror: the agents' execution role pulls only the mirror repository; no cache rights", () => {
    const stmts = execOf(synthJson(project().jenkins));
    expect(sid(stmts, "PullPrivateAgentImages")!.resources).toEqual([
      expect.stringMatching(/^\$\{aws_ecr_repository\.AgentImages_Mirror_Repository_\w+\.arn\}$/),
    ]);
    expect(sid(stmts, "FillPullThroughCache")).toBeUndefined();
    expect(JSON.stringify(stmts)).not.toContain("repository/*");
  });

  test("mirror plus templates: built repositories and every ECR image named in the config (other accounts too); Docker Hub names add nothing", () => {
    const config = configWith({
      agents: {
        templates: [
          { label: "built", build: { packages: ["nodejs"] } },
          { label: "team", image: "210987654321.dkr.ecr.us-east-1.amazonaws.com/team/agent:7" },
          { label: "hub", image: "jenkins/inbound-agent:latest" },
        ],
      },
    });
    const res = sid(execOf(synthJson(project(config).jenkins)), "PullPrivateAgentImages")!.resources;
    expect(res).toHaveLength(3);
    expect(res).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/AgentImages_Mirror_Repository_\w+\.arn/),
        expect.stringMatching(/AgentImages_Template-built_Repository_\w+\.arn/),
        "arn:aws:ecr:us-east-1:210987654321:repository/team/agent",
      ]),
    );
  });

  test("pull-through cache: pull, import and first-pull create, on the cache prefix only", () => {
    const credentialArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf";
    const stmts = execOf(synthJson(project(configWith({ agentImages: { source: "pull-through-cache", pullThroughCache: { credentialArn } } })).jenkins));
    const prefix = "arn:aws:ecr:eu-west-1:123456789012:repository/docker-hub/*";
    expect(sid(stmts, "PullPrivateAgentImages")).toMatchObject({
      actions: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
      resources: [prefix],
    });
    expect(sid(stmts, "FillPullThroughCache")).toMatchObject({ actions: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"], resources: [prefix] });
  });

  test("prebuilt agent image in ECR: exactly its repository", () => {
    const config = configWith({
      agents: { defaultImage: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/jenkins-agent:1" },
      agentImages: { source: "prebuilt" },
    });
    const json = synthJson(project(config).jenkins);
    expect(sid(execOf(json), "PullPrivateAgentImages")!.resources).toEqual(["arn:aws:ecr:eu-west-1:123456789012:repository/jenkins-agent"]);
    expect(controllerOf(json).templates[0].image).toBe("123456789012.dkr.ecr.eu-west-1.amazonaws.com/jenkins-agent:1");
  });

  test("prebuilt controller image in another account's ECR: the controller's execution role may pull exactly that repository", () => {
    const uri = "210987654321.dkr.ecr.eu-west-1.amazonaws.com/platform/jenkins-controller:2.568.2-1";
    const json = synthJson(project(configWith({ image: { mode: "prebuilt", uri } })).jenkins);
    const stmts = policyStatements(json, "ControllerRoles_ExecutionPolicy");
    expect(sid(stmts, "PullControllerImage")).toMatchObject({ resources: ["arn:aws:ecr:eu-west-1:210987654321:repository/platform/jenkins-controller"] });
    // A Docker Hub controller image needs no ECR pull right at all.
    const hub = policyStatements(
      synthJson(project(configWith({ image: { mode: "prebuilt", uri: "acme/jenkins:1" } })).jenkins),
      "ControllerRoles_ExecutionPolicy",
    );
    expect(sid(hub, "PullControllerImage")).toBeUndefined();
  });

  test("an ECR base image: the CodeBuild role may pull it, and the build logs into its registry", () => {
    const base = "210987654321.dkr.ecr.eu-west-1.amazonaws.com/platform/jenkins:2.568.2";
    const json = synthJson(project(configWith({ image: { baseImage: base } })).jenkins);
    expect(sid(policyStatements(json, "Image_BuildPolicyDocument"), "PullBaseImage")).toMatchObject({
      actions: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
      resources: ["arn:aws:ecr:eu-west-1:210987654321:repository/platform/jenkins"],
    });
    const env = byId(json, "aws_codebuild_project", "Image_Project").environment.environment_variable;
    expect(env).toContainEqual({ name: "PULL_REGISTRIES", value: "210987654321.dkr.ecr.eu-west-1.amazonaws.com" });
    expect(sid(policyStatements(synthJson(project().jenkins), "Image_BuildPolicyDocument"), "PullBaseImage")).toBeUndefined();
  });

  const credentialArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf";
  test.each([
    [
      "per-template builds and an external ECR image",
      {
        agents: {
          templates: [
            { label: "node", build: { packages: ["nodejs"] } },
            { label: "x", image: "210987654321.dkr.ecr.us-east-1.amazonaws.com/x:1" },
          ],
        },
      },
    ],
    [
      "pull-through cache and VPC endpoints",
      { agentImages: { source: "pull-through-cache", pullThroughCache: { credentialArn } }, vpcEndpoints: { enabled: true } },
    ],
    ["local builds", { agentImages: { build: "local" }, agents: { templates: [{ label: "node", build: { packages: ["nodejs"] } }] } }],
  ])("policy pack: 0 unsuppressed findings with %s", (_name, overrides) => {
    const { jenkins } = project(configWith(overrides));
    expect(evaluatePolicy(jenkins.toTerraform()).findings.map(describeFinding)).toEqual([]);
  });
});

describe("JCasC delivery that scales: container definitions far below 64 KiB", () => {
  const many = (n: number, extra: (i: number) => Record<string, unknown> = () => ({})) =>
    configWith({
      agents: {
        maxAgents: 50,
        templates: Array.from({ length: n }, (_, i) => ({
          label: `team-${String(i).padStart(3, "0")}-build`,
          spot: i % 2 === 1,
          cpu: 1024,
          memory: 2048,
          ...extra(i),
        })),
      },
    });
  const policy = { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-artifacts/*" }] };

  const sizes: Record<string, { yamlBytes: number; definitionsBytes: number; resolvedUpperBound: number }> = {};
  test.each([1, 50, 200])("%i templates (a quarter with their own task role): the container definitions stay under a third of the limit", (n) => {
    const { jenkins } = project(many(n, (i) => (i % 4 === 0 ? { taskPolicy: policy } : {})));
    const json = synthJson(jenkins);
    const { td, yaml, templates } = controllerOf(json);
    expect(templates).toHaveLength(n);
    const upper = resolvedSizeUpperBound(td.container_definitions);
    sizes[n] = { yamlBytes: Buffer.byteLength(yaml), definitionsBytes: Buffer.byteLength(td.container_definitions), resolvedUpperBound: upper };
    expect(upper).toBeLessThan(CONTAINER_DEFINITIONS_LIMIT_BYTES / 3);
  });

  afterAll(() => {
    // Reported in docs/agents.md (JCasC and the 64 KiB task-definition limit).
    console.log(`container definitions by template count: ${JSON.stringify(sizes)}`);
  });

  test("with 200 templates a YAML change still changes the task definition (a redeploy without an image build)", () => {
    const a = controllerOf(synthJson(project(many(200)).jenkins));
    const b = controllerOf(synthJson(project(many(200, (i) => (i === 199 ? { cpu: 2048, memory: 4096 } : {}))).jenkins));
    expect(b.td.container_definitions).not.toBe(a.td.container_definitions);
    expect(b.container.image).toBe(a.container.image);
  });

  test("the entry point really materializes the YAML (gzip and plain base64) in a POSIX shell", () => {
    const yaml = controllerOf(synthJson(project(many(3)).jenkins)).yaml;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casc-"));
    const script = CONTROLLER_ENTRYPOINT[2].replace("exec /usr/local/bin/jenkins.sh", 'cat "$CASC_JENKINS_CONFIG"');
    const env = { PATH: process.env.PATH, CASC_JENKINS_CONFIG: path.join(dir, "casc.d", "jenkins.yaml") };
    const gz = spawnSync("/bin/sh", ["-c", script], { env: { ...env, CASC_YAML_GZIP_BASE64: gzipSync(yaml).toString("base64") }, encoding: "utf8" });
    expect([gz.status, gz.stderr]).toEqual([0, ""]);
    expect(gz.stdout).toBe(yaml);
    const plain = spawnSync("/bin/sh", ["-c", script], { env: { ...env, CASC_YAML_BASE64: Buffer.from(yaml).toString("base64") }, encoding: "utf8" });
    expect(plain.stdout).toBe(yaml);
  });

  test("a configuration whose definitions could reach the limit is refused at synth, naming the sizes", () => {
    const huge = many(1, () => ({}));
    // A controller JAVA_OPTS of 60 000 characters stands in for anything that bloats the definitions.
    huge.controller.javaOpts = "-Dx=" + "y".repeat(60000);
    expect(() => project(huge)).toThrow(/container definitions would be up to \d+ bytes once resolved; RegisterTaskDefinition accepts 65536/);
  });
});

describeTerraform("200 templates with terraform", () => {
  test("the stack with 200 agent templates plans offline", () => {
    const config = configWith({
      agents: {
        templates: Array.from({ length: 200 }, (_, i) => ({
          label: `t${i}`,
          spot: i % 2 === 1,
          ...(i % 50 === 0 ? { taskPolicy: { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::acme-${i}/*` }] } } : {}),
        })),
      },
    });
    const { jenkinsDir } = synthToDir(config);
    const { plan } = offlineCheck(jenkinsDir, { plan: true, skipValidate: true });
    const created = (plan!.resource_changes ?? []).filter((r) => r.change.actions.includes("create")).map((r) => r.type);
    // The controller's and the restore task's (issue 15); none per template.
    expect(created.filter((t) => t === "aws_ecs_task_definition")).toHaveLength(2);
    expect(created.filter((t) => t === "aws_iam_role").length).toBeGreaterThanOrEqual(4);
  });
});

/**
 * The amazon-ecs plugin's own rules (jenkinsci/amazon-ecs-plugin, ECSTaskTemplate.java):
 * `merge(parent)` takes each numeric field of the child (pipeline override) unless it is 0;
 * the Fargate task memory is `getMemoryConstraint()` = memoryReservation > 0 ? memoryReservation
 * : memory; the container's hard limit is `memory` when > 0 (ECSService.registerTemplate).
 */
function pluginTaskDefinition(parent: Template, override: { cpu?: number; memory?: number; memoryReservation?: number }) {
  const pick = (k: "cpu" | "memory" | "memoryReservation") => ((override[k] ?? 0) !== 0 ? override[k]! : (parent[k] ?? 0));
  const merged = { cpu: pick("cpu"), memory: pick("memory"), memoryReservation: pick("memoryReservation") };
  const taskMemory = merged.memoryReservation > 0 ? merged.memoryReservation : merged.memory;
  const containerHardLimit = merged.memory > 0 ? merged.memory : undefined;
  // What ECS accepts for a Fargate task: a valid task size, and no container limit above the task's memory.
  const accepted = isValidFargateSize(merged.cpu, taskMemory) && (containerHardLimit === undefined || containerHardLimit <= taskMemory);
  return { cpu: merged.cpu, taskMemory, containerHardLimit, accepted };
}

describe("agent sizing against the plugin's field semantics", () => {
  const { templates } = controllerOf(synthJson(project(configWith({ agents: { templates: [{ label: "small", cpu: 1024, memory: 2048 }] } })).jenkins));
  const parent = templates[0];

  test("templates set the task-level memory, never memoryReservation", () => {
    expect(parent).toMatchObject({ cpu: 1024, memory: 2048 });
    expect(parent.memoryReservation).toBeUndefined();
    expect(pluginTaskDefinition(parent, {})).toEqual({ cpu: 1024, taskMemory: 2048, containerHardLimit: 2048, accepted: true });
  });

  test.each([
    [{ memory: 4096 }, 1024, 4096],
    [{ memory: 8192 }, 1024, 8192],
    [{ cpu: 2048, memory: 8192 }, 2048, 8192],
    [{ cpu: 4096, memory: 16384 }, 4096, 16384],
  ])("pipeline override %j forms the valid Fargate size %i/%i and ECS accepts it", (override, cpu, memory) => {
    expect(pluginTaskDefinition(parent, override)).toEqual({ cpu, taskMemory: memory, containerHardLimit: memory, accepted: true });
  });

  test("an override that is no Fargate size is rejected by ECS (and docs/agents.md says so)", () => {
    expect(pluginTaskDefinition(parent, { memory: 1024 }).accepted).toBe(false);
    expect(pluginTaskDefinition(parent, { cpu: 4096 }).accepted).toBe(false);
    const doc = fs.readFileSync(path.join(ROOT, "docs", "agents.md"), "utf8");
    expect(doc).toMatch(/memory 4096/);
    expect(doc).toMatch(/RegisterTaskDefinition/);
  });

  test("the old memoryReservation form is why overrides broke: the task stayed at 2048 under a 4096 hard limit", () => {
    const legacy = { ...parent, memory: 0, memoryReservation: 2048 };
    expect(pluginTaskDefinition(legacy, { memory: 4096 })).toEqual({ cpu: 1024, taskMemory: 2048, containerHardLimit: 4096, accepted: false });
  });
});

describe("names derived from labels are collision-free", () => {
  test.each([
    ["build-x", "build_x"],
    ["build--x", "build-x"],
    ["deploy", "deploy_"],
  ])("labels %s and %s are a validation error naming both", (a, b) => {
    expect(() => parseConfig(inputWith({ agents: { templates: [{ label: a }, { label: b }] } }), "vars.json")).toThrow(
      new RegExp(`labels "${a}" and "${b}" differ only in '-'/'_'`),
    );
  });

  test("distinct labels give distinct repositories, variables and roles", () => {
    const labels = ["a-b", "ab", "a-b-c", "a-bc"];
    expect(new Set(labels.map(labelSlug)).size).toBe(labels.length);
    const config = configWith({
      agents: {
        templates: labels.map((label) => ({
          label,
          build: { packages: ["git"] },
          taskPolicy: { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] },
        })),
      },
    });
    const json = synthJson(project(config).jenkins);
    const repoNames = resources(json, "aws_ecr_repository").map(([, r]) => r.name);
    expect(new Set(repoNames).size).toBe(repoNames.length);
    const roleNames = resources(json, "aws_iam_role").map(([, r]) => r.name);
    expect(new Set(roleNames).size).toBe(roleNames.length);
    const { env, templates } = controllerOf(json);
    expect(new Set(templates.map((t) => t.image)).size).toBe(labels.length);
    for (const t of templates) expect(env[String(t.image).slice(2, -1)]).toBeDefined();
    // Each template's task role ARN is the prefix and its own label, which is its role's name.
    for (const t of templates) expect(`${env.AGENT_TASK_ROLE_ARN_PREFIX}${t.label}`.replace(/^.*:role\//, "")).toBe(`jenkins-agent-${t.label}`);
    expect(roleNames).toEqual(expect.arrayContaining(labels.map((l) => `jenkins-agent-${l}`)));
  });

  test("other agent-image rules name the field, the value and the rule", () => {
    expect(() => parseConfig(inputWith({ agentImages: { source: "prebuilt" } }), "vars.json")).toThrow(
      /agents\.defaultImage.*"jenkins\/inbound-agent:[^"]+" is not an ECR image reference/s,
    );
    expect(() => parseConfig(inputWith({ agentImages: { source: "pull-through-cache" } }), "vars.json")).toThrow(
      /credentialArn.*registry-1\.docker\.io needs a credential/s,
    );
    expect(() => parseConfig(inputWith({ agents: { templates: [{ label: "x", image: "a/b:1", build: {} }] } }), "vars.json")).toThrow(
      /template "x" sets both image and build/,
    );
    expect(() =>
      parseConfig(inputWith({ agentImages: { source: "pull-through-cache", pullThroughCache: { upstreamRegistryUrl: "quay.io" } } }), "vars.json"),
    ).toThrow(/"jenkins\/inbound-agent:[^"]+" is on docker\.io, not on the cache's upstream quay\.io/);
  });
});

describe("VPC endpoints", () => {
  test("off by default", () => {
    expect(resources(synthJson(project().jenkins), "aws_vpc_endpoint")).toEqual([]);
  });

  test("on: interface endpoints with private DNS in the private subnets, HTTPS from the tasks only, S3 gateway on the private route tables", () => {
    const json = synthJson(project(configWith({ vpcEndpoints: { enabled: true } })).jenkins);
    const endpoints = resources(json, "aws_vpc_endpoint").map(([, e]) => e);
    const iface = endpoints.filter((e) => e.vpc_endpoint_type === "Interface");
    expect(iface.map((e) => e.service_name).sort()).toEqual(["ecr.api", "ecr.dkr", "ecs", "logs", "sns", "ssm"].map((s) => `com.amazonaws.eu-west-1.${s}`));
    for (const e of iface) {
      expect(e).toMatchObject({ private_dns_enabled: true, security_group_ids: [expect.stringMatching(/VpcEndpoints_SecurityGroup/)] });
      expect(e.subnet_ids).toEqual([expect.stringMatching(/Network_PrivateSubnet0/), expect.stringMatching(/Network_PrivateSubnet1/)]);
    }
    const [s3] = endpoints.filter((e) => e.vpc_endpoint_type === "Gateway");
    expect(s3.service_name).toBe("com.amazonaws.eu-west-1.s3");
    expect(s3.route_table_ids).toEqual([expect.stringMatching(/Network_PrivateRouteTable0/), expect.stringMatching(/Network_PrivateRouteTable1/)]);
    const ingress = resources(json, "aws_vpc_security_group_ingress_rule")
      .filter(([id]) => id.startsWith("VpcEndpoints"))
      .map(([, r]) => r);
    expect(ingress.map((r) => [r.from_port, r.to_port, r.cidr_ipv4]).every(([f, t, c]) => f === 443 && t === 443 && c === undefined)).toBe(true);
    expect(ingress.map((r) => r.referenced_security_group_id)).toEqual([
      expect.stringMatching(/SecurityGroups_Controller_/),
      expect.stringMatching(/SecurityGroups_Agents_/),
    ]);
  });

  test("bring your own VPC: the S3 gateway needs the route tables, named in the error", () => {
    const byo = {
      network: {
        vpcId: "vpc-0123456789abcdef0",
        publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
        privateSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
        availabilityZones: undefined,
        natGateways: undefined,
      },
    };
    expect(() => parseConfig(inputWith({ ...byo, vpcEndpoints: { enabled: true } }), "vars.json")).toThrow(
      /vpcEndpoints\.routeTableIds.*give the private subnets' route table ids/s,
    );
    const json = synthJson(project(configWith({ ...byo, vpcEndpoints: { enabled: true, routeTableIds: ["rtb-0ccccccccccccccc1"] } })).jenkins);
    expect(
      resources(json, "aws_vpc_endpoint")
        .map(([, e]) => e)
        .find((e) => e.vpc_endpoint_type === "Gateway")!.route_table_ids,
    ).toEqual(["rtb-0ccccccccccccccc1"]);
  });
});
