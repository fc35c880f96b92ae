import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { buildContext, contextTag, localBuildScript, PINNED_PLUGINS } from "../../../lib/constructs/image/controller-image";
import { byId, configWith, only, project, resources, synthJson, SynthJson, synthToDir } from "../../support/project";

// The controller image on its own: agents use a prebuilt ECR image here (the agent images,
// built by the same ImageBuild construct, are tested in agent-images.test.ts).
const PREBUILT_AGENTS = { agents: { defaultImage: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/jenkins-agent:1" }, agentImages: { source: "prebuilt" } };

const imageOf = (j: ReturnType<typeof synthJson>) => JSON.parse(byId(j, "aws_ecs_task_definition", "Controller").container_definitions)[0].image as string;

describe("build context", () => {
  const ctx = buildContext(configWith().image);

  test("Dockerfile on the pinned LTS base (never lts-jdk11), wizard off, plugins installed", () => {
    expect(ctx.Dockerfile).toMatch(/^FROM jenkins\/jenkins:2\.\d+\.\d+-lts-jdk21$/m);
    expect(ctx.Dockerfile).not.toMatch(/jdk11/);
    expect(ctx.Dockerfile).toContain("-Djenkins.install.runSetupWizard=false");
    expect(ctx.Dockerfile).toContain("jenkins-plugin-cli --plugin-file /usr/share/jenkins/ref/plugins.txt");
    expect(ctx.Dockerfile).toMatch(/USER jenkins\n$/);
  });

  test("plugins.txt pins every required plugin to a version", () => {
    const lines = ctx["plugins.txt"].trim().split("\n");
    for (const id of [
      "configuration-as-code",
      "amazon-ecs",
      "workflow-aggregator",
      "git",
      "credentials-binding",
      "timestamper",
      "job-dsl",
      "pipeline-aws",
      "oic-auth",
      "matrix-auth",
      "aws-secrets-manager-credentials-provider",
    ]) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${id}:[0-9][\\w.+-]*$`)));
    }
    expect(lines.every((l) => /^[\w.-]+:[\w.+-]+$/.test(l))).toBe(true);
    expect(lines.length).toBe(Object.keys(PINNED_PLUGINS).length);
  });

  test("extra plugins and Dockerfile lines from config", () => {
    const c = buildContext(configWith({ image: { extraPlugins: ["slack:761.v2a_8770f0d169", "git:5.11.0"], extraDockerfileLines: ["RUN echo hi"] } }).image);
    expect(c["plugins.txt"]).toContain("slack:761.v2a_8770f0d169");
    expect(c["plugins.txt"]).toContain("git:5.11.0");
    expect(c["plugins.txt"]).not.toContain("git:5.10.1");
    expect(c.Dockerfile).toContain("RUN echo hi\nUSER jenkins");
  });

  test("tag is a hash of the context: stable for the same content, new for any change", () => {
    expect(contextTag(buildContext(configWith().image))).toBe(contextTag(ctx));
    expect(contextTag(buildContext(configWith({ image: { extraPlugins: ["slack:761.v2a_8770f0d169"] } }).image))).not.toBe(contextTag(ctx));
    expect(contextTag(ctx)).toMatch(/^ctx-[0-9a-f]{20}$/);
  });
});

describe("ECR repository (codebuild mode, the default)", () => {
  const json = synthJson(project(configWith(PREBUILT_AGENTS)).jenkins);

  test("immutable tags, scan on push, KMS encryption", () => {
    expect(only(json, "aws_ecr_repository")).toMatchObject({
      name: "jenkins/controller",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "KMS", kms_key: expect.stringMatching(/aws_kms_key\.DataKey/) }],
    });
  });

  test("lifecycle keeps the last N tagged images and expires untagged after 3 days", () => {
    const rules = JSON.parse(only(json, "aws_ecr_lifecycle_policy").policy).rules;
    expect(rules).toEqual([
      expect.objectContaining({ selection: expect.objectContaining({ tagStatus: "untagged", countNumber: 3, countUnit: "days" }) }),
      expect.objectContaining({ selection: expect.objectContaining({ tagStatus: "tagged", countType: "imageCountMoreThan", countNumber: 10 }) }),
    ]);
  });

  test("repository policy: only the account", () => {
    const doc = Object.entries(json.data!.aws_iam_policy_document).find(([id]) => id.includes("RepositoryPolicyDocument"))![1];
    expect(doc.statement[0].principals).toEqual([{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] }]);
  });

  test("codebuild: zipped context in a private bucket, privileged project with its own role and log group, a build step keyed on the tag", () => {
    expect(only(json, "aws_s3_object")).toMatchObject({
      key: expect.stringMatching(/^controller\/ctx-[0-9a-f]{20}\.zip$/),
      source: expect.stringMatching(/^assets\/.*\/archive\.zip$/),
    });
    expect(only(json, "aws_codebuild_project")).toMatchObject({
      environment: expect.objectContaining({ privileged_mode: true }),
      encryption_key: expect.stringMatching(/aws_kms_key\.DataKey/),
      logs_config: { cloudwatch_logs: expect.objectContaining({ status: "ENABLED" }) },
    });
    const step = only(json, "terraform_data");
    expect(step.triggers_replace).toEqual({ values: [expect.stringMatching(/^ctx-/)] });
    expect(step.provisioner[0]["local-exec"].command).toContain("aws codebuild start-build");
    expect(step.provisioner[0]["local-exec"].command).toMatch(/\*\) echo "CodeBuild \$id ended with \$status/);
    expect(only(json, "aws_ecs_service").depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^terraform_data\./)]));
  });

  test("no provider but hashicorp/aws is needed", () => {
    expect(Object.keys(json.terraform.required_providers)).toEqual(["aws"]);
  });
});

describe("build modes", () => {
  test("local: a docker build/push step on the synthesized context directory, no CodeBuild", () => {
    const j = synthJson(project(configWith({ ...PREBUILT_AGENTS, image: { mode: "local" } })).jenkins);
    expect(j.resource.aws_codebuild_project).toBeUndefined();
    expect(j.resource.aws_s3_object).toBeUndefined();
    const cmd: string = only(j, "terraform_data").provisioner[0]["local-exec"].command;
    expect(cmd).toMatch(/docker build --platform linux\/amd64 --pull -t \$\{aws_ecr_repository\..*\.repository_url\}:ctx-[0-9a-f]{20} assets\//);
    expect(cmd).toContain("docker push");
    expect(cmd).toContain("docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com");
  });

  test("local: without a Docker daemon the step fails with a clear message (run for real here)", () => {
    const script = localBuildScript({ region: "eu-west-1", registry: "x", repositoryUrl: "r", repositoryName: "n", tag: "t", contextDir: "." })
      // Nothing in ECR to find: make the existence check fail like a missing image.
      .replace(/^if aws ecr describe-images.*$/m, "");
    const r = spawnSync("/bin/sh", ["-c", script], { encoding: "utf8", env: { ...process.env, DOCKER_HOST: "unix:///nonexistent/docker.sock" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/needs a running Docker daemon/);
  });

  test("prebuilt: the given image, no repository and no build resources", () => {
    const j = synthJson(
      project(configWith({ ...PREBUILT_AGENTS, image: { mode: "prebuilt", uri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/jenkins:1.2.3" } })).jenkins,
    );
    for (const t of ["aws_ecr_repository", "aws_codebuild_project", "terraform_data", "aws_s3_object"]) expect(j.resource[t]).toBeUndefined();
    expect(imageOf(j)).toBe("123456789012.dkr.ecr.eu-west-1.amazonaws.com/jenkins:1.2.3");
  });

  test("changing plugins changes the image tag and nothing else of the controller's task definition", () => {
    const a = synthJson(project(configWith(PREBUILT_AGENTS)).jenkins);
    const b = synthJson(project(configWith({ ...PREBUILT_AGENTS, image: { extraPlugins: ["slack:761.v2a_8770f0d169"] } })).jenkins);
    const [ca] = JSON.parse(byId(a, "aws_ecs_task_definition", "Controller").container_definitions);
    const [cb] = JSON.parse(byId(b, "aws_ecs_task_definition", "Controller").container_definitions);
    expect(ca.image).not.toBe(cb.image);
    expect({ ...ca, image: "" }).toEqual({ ...cb, image: "" });
    const tdA = { ...byId(a, "aws_ecs_task_definition", "Controller"), container_definitions: "" };
    const tdB = { ...byId(b, "aws_ecs_task_definition", "Controller"), container_definitions: "" };
    expect(tdA).toEqual(tdB);
    // An identical configuration gives an identical task definition: no diff on re-plan.
    expect(byId(synthJson(project(configWith(PREBUILT_AGENTS)).jenkins), "aws_ecs_task_definition", "Controller")).toEqual(
      byId(a, "aws_ecs_task_definition", "Controller"),
    );
  });
});

describe("synthesized output holds the context and the JCasC", () => {
  test("assets in the stack directory: build context archive and jenkins.yaml with both clouds", () => {
    const { jenkinsDir } = synthToDir(configWith({ ...PREBUILT_AGENTS, image: { mode: "local" } }));
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const all = files(jenkinsDir);
    const plugins = all.find((f) => f.endsWith("plugins.txt"))!;
    expect(fs.readFileSync(plugins, "utf8")).toContain("amazon-ecs:1.49");
    expect(
      fs.readFileSync(
        all.find((f) => f.endsWith("Dockerfile"))!,
        "utf8",
      ),
    ).toContain("FROM jenkins/jenkins:");
    const yaml = parse(
      fs.readFileSync(
        all.find((f) => f.endsWith("jenkins.yaml"))!,
        "utf8",
      ),
    );
    expect(yaml.jenkins.clouds.map((c: { ecs: { name: string } }) => c.ecs.name)).toEqual(["fargate", "fargate-spot"]);
    // The step references the context relative to the stack directory.
    const cmd: string = Object.values((JSON.parse(fs.readFileSync(path.join(jenkinsDir, "cdk.tf.json"), "utf8")) as SynthJson).resource.terraform_data)[0]
      .provisioner[0]["local-exec"].command;
    const ctxDir = cmd.match(/ (assets\/\S+)\n/)![1];
    expect(fs.existsSync(path.join(jenkinsDir, ctxDir, "Dockerfile"))).toBe(true);
  });

  test("resources of the codebuild mode count", () => {
    const j = synthJson(project(configWith(PREBUILT_AGENTS)).jenkins);
    expect(resources(j, "aws_s3_bucket")).toHaveLength(1);
  });
});
