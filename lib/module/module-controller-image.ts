import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { CodebuildProject } from "@cdktf/provider-aws/lib/codebuild-project";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { TerraformLocal, Token } from "../cdktf-core";
import { AwsEnvironment } from "../constructs/foundation/aws-environment";
import { BUILDSPEC, ECR_PULL_PUSH_ACTIONS, PINNED_PLUGINS, buildContext, codebuildScript, ecrLifecycleRules } from "../constructs/image/controller-image";
import { serviceTrustPolicy } from "../constructs/foundation/service-trust";
import { expr, hclInline, marker } from "./hcl";

/** Props of {@link ModuleControllerImage}. */
export interface ModuleControllerImageProps {
  /** Prefix of names (a Terraform reference). */
  readonly namePrefix: string;
  /** Account/region/partition. */
  readonly env: AwsEnvironment;
  /** KMS key of the repository and build logs. */
  readonly kmsKeyArn: string;
  /** Name of the variable with a prebuilt image URI (null: build). */
  readonly imageVariable: string;
  /** Name of the object variable with `base_image`, `extra_plugins` and `keep_images`. */
  readonly buildVariable: string;
}

/** Environment variable of CodeBuild that carries a context file (base64). */
export function contextEnvName(file: string): string {
  return `CONTEXT_${file.replace(/^\./, "").toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** `x[0].attr` of a resource that has a count. */
function first(resource: { readonly fqn: string }, attr: string): string {
  return `\${${resource.fqn}[0].${attr}}`;
}

/**
 * The controller image of the registry module. The ECR repository always exists (immutable
 * tags, scan on push, the module's KMS key), so a prebuilt image may live there too. Without
 * a prebuilt image, a CodeBuild project (every part `count`-switched on
 * `var.<imageVariable> == null`) builds the same context as the stack's `codebuild` mode
 * (lib/constructs/image/controller-image.ts: Dockerfile, plugins.txt, .dockerignore), written by Terraform from
 * the build variable and passed inline (NO_SOURCE), so neither S3 nor an archive provider is
 * needed. The tag is the stack's content hash, computed by Terraform; the build runs once per
 * tag, as the creation-time `local-exec` of a log stream named after the tag (a resource of
 * hashicorp/aws, so the module needs no other provider).
 */
export class ModuleControllerImage extends Construct {
  /** The repository. */
  public readonly repository: EcrRepository;
  /** The image URI for the task definition (a reference to a local). */
  public readonly imageUri: string;
  /** The build trigger (count 0 with a prebuilt image); the service waits for it. */
  public readonly buildTrigger: CloudwatchLogStream;
  /** Locals this construct defines, by name. */
  public readonly locals: Record<string, TerraformLocal> = {};

  constructor(scope: Construct, id: string, props: ModuleControllerImageProps) {
    super(scope, id);
    const name = props.namePrefix;
    const build = `var.${props.buildVariable}`;
    const local = (lid: string, value: string) => {
      const l = new TerraformLocal(this, `local_${lid}`, value);
      l.overrideLogicalId(lid);
      this.locals[lid] = l;
      return `local.${lid}`;
    };

    this.repository = new EcrRepository(this, "Repository", {
      name: `${name}/controller`,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.kmsKeyArn }],
      forceDelete: false,
    });
    // jsonencode in Terraform: the kept-image count is a number from a variable.
    const lifecycle = ecrLifecycleRules(expr(`${build}.keep_images`), marker(`${build}.keep_images`));
    new EcrLifecyclePolicy(this, "Lifecycle", { repository: this.repository.name, policy: `\${jsonencode(${hclInline(lifecycle)})}` });
    const repoPolicy = new DataAwsIamPolicyDocument(this, "RepositoryPolicyDocument", {
      statement: [{ sid: "AccountOnly", effect: "Allow", principals: [{ type: "AWS", identifiers: [props.env.rootArn] }], actions: ECR_PULL_PUSH_ACTIONS }],
    });
    new EcrRepositoryPolicy(this, "RepositoryPolicy", { repository: this.repository.name, policy: repoPolicy.json });

    // The build context of lib/constructs/image/controller-image.ts with the base image and plugins from Terraform.
    const context = buildContext({ baseImage: marker(`${build}.base_image`), extraPlugins: [], extraDockerfileLines: [] } as never);
    if (Object.keys(context).sort().join() !== ".dockerignore,Dockerfile,plugins.txt") throw new Error("lib/constructs/image/controller-image.ts: unexpected build context files");
    const plugins = local(
      "image_plugins",
      `\${merge(${hclInline(PINNED_PLUGINS)}, { for id, versions in { for p in ${build}.extra_plugins : split(":", p)[0] => split(":", p)[1]... } : id => versions[length(versions) - 1] })}`,
    );
    const files = {
      ...context,
      "plugins.txt": expr(`"\${join("\\n", [for id in sort(keys(${plugins})) : "\${id}:\${${plugins}[id]}"])}\\n"`),
    };
    const ctx = local("image_context", `\${${hclInline(files)}}`);
    // contextTag() of lib/constructs/image/controller-image.ts: sha256 over "<name>\0<content>\0" in name order.
    const tag = local("image_tag", `ctx-\${substr(sha256(join("", [for n in sort(keys(${ctx})) : "\${n}\\u0000\${${ctx}[n]}\\u0000"])), 0, 20)}`);
    const building = local("build_controller_image", `\${var.${props.imageVariable} == null}`);
    const count = Token.asNumber(`\${${building} ? 1 : 0}`);
    this.imageUri = `\${${local("controller_image", `\${${building} ? "\${${this.repository.fqn}.repository_url}:\${${tag}}" : var.${props.imageVariable}}`)}}`;

    const logs = new CloudwatchLogGroup(this, "BuildLogs", { name: `/${name}/image-build`, retentionInDays: 30, kmsKeyId: props.kmsKeyArn });
    logs.count = count;
    const trust = serviceTrustPolicy(this, "BuildTrust", props.env, "codebuild.amazonaws.com");
    const role = new IamRole(this, "BuildRole", { name: `${name}-image-build`, assumeRolePolicy: trust.json });
    role.count = count;
    const perms = new DataAwsIamPolicyDocument(this, "BuildPolicyDocument", {
      statement: [
        { sid: "Logs", effect: "Allow", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${first(logs, "arn")}:*`] },
        { sid: "EcrAuth", effect: "Allow", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
        { sid: "PushControllerImage", effect: "Allow", actions: ECR_PULL_PUSH_ACTIONS, resources: [this.repository.arn] },
        { sid: "UseKey", effect: "Allow", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [props.kmsKeyArn] },
      ],
    });
    perms.count = count;
    const policy = new IamRolePolicy(this, "BuildPolicy", { name: "image-build", role: first(role, "id"), policy: first(perms, "json") });
    policy.count = count;

    const writeContext = Object.keys(files)
      .sort()
      .map((f) => `      - printf '%s' "$${contextEnvName(f)}" | base64 -d > '${f}'`);
    const marker0 = "  pre_build:\n    commands:\n";
    if (!BUILDSPEC.includes(marker0)) throw new Error("lib/constructs/image/controller-image.ts: BUILDSPEC has no pre_build commands to extend");
    const buildspec = BUILDSPEC.replace(marker0, `${marker0}${writeContext.join("\n")}\n`);
    const project = new CodebuildProject(this, "Project", {
      name: `${name}-controller-image`,
      description: "Builds the Jenkins controller image from the generated context",
      serviceRole: first(role, "arn"),
      encryptionKey: props.kmsKeyArn,
      buildTimeout: 60,
      artifacts: { type: "NO_ARTIFACTS" },
      source: { type: "NO_SOURCE", buildspec },
      environment: {
        type: "LINUX_CONTAINER",
        computeType: "BUILD_GENERAL1_MEDIUM",
        image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
        // Docker-in-Docker needs privileged mode; the project runs only this fixed buildspec.
        privilegedMode: true,
        environmentVariable: [
          { name: "REPOSITORY_URL", value: this.repository.repositoryUrl },
          { name: "IMAGE_TAG", value: `\${${tag}}` },
          ...Object.keys(files)
            .sort()
            .map((f) => ({ name: contextEnvName(f), value: `\${base64encode(${ctx}[${JSON.stringify(f)}])}` })),
        ],
      },
      logsConfig: { cloudwatchLogs: { groupName: first(logs, "name"), status: "ENABLED" } },
      dependsOn: [policy],
    });
    project.count = count;

    this.buildTrigger = new CloudwatchLogStream(this, "BuildTrigger", {
      name: `\${${tag}}`,
      logGroupName: first(logs, "name"),
      dependsOn: [project, policy, this.repository],
      provisioners: [
        {
          type: "local-exec",
          interpreter: ["/bin/sh", "-c"],
          command: codebuildScript({
            region: props.env.region,
            project: first(project, "name"),
            repositoryName: this.repository.name,
            tag: `\${${tag}}`,
          }),
        },
      ],
    });
    this.buildTrigger.count = count;
  }
}
