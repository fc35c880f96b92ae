/**
 * One image built by the stack into its own ECR repository: the same code path for the
 * controller image, the mirror of the default agent image and every per-template agent image.
 *
 * - `prebuilt`: the given URI, nothing created.
 * - `local` / `codebuild`: an immutable, scanned, KMS-encrypted ECR repository with a
 *   lifecycle, a build context generated at synth, and a build step keyed on the context's
 *   content hash, which is also the image tag (`ctx-<hash>`): a changed context yields a new
 *   tag (and a new task definition where it is used), an unchanged one no diff. `codebuild`
 *   uploads the context (zipped in-process) to a private bucket and runs a CodeBuild project;
 *   `local` runs docker build/push on the deploying machine.
 *
 * No Terraform reference ever enters a context: the image is built from literal text only.
 */
import { synthTempDir } from "../foundation/synth-temp";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CodebuildProject } from "@cdktf/provider-aws/lib/codebuild-project";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { AssetType, ITerraformDependable, TerraformAsset } from "../../cdktf-core";
import { AwsEnvironment } from "../foundation/aws-environment";
import { serviceTrustPolicy } from "../foundation/service-trust";
import { PrivateBucket } from "../s3/private-bucket";
import { LocalCommand } from "../foundation/local-command";
import { writeZipSync } from "../foundation/zip";

/** What pulling an image takes. */
export const ECR_PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"];

/** What pulling and pushing an image takes (repository policy and the build role). */
export const ECR_PULL_PUSH_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
  "ecr:InitiateLayerUpload",
  "ecr:UploadLayerPart",
  "ecr:CompleteLayerUpload",
  "ecr:PutImage",
];

/**
 * ECR lifecycle of an image repository: untagged images expire after 3 days, only the
 * last `keep` content-addressed (`ctx-*`) images are kept. `keep`/`keepText` may be Terraform
 * expressions (the registry module's variable).
 */
export function ecrLifecycleRules(keep: unknown, keepText: string, what = "controller"): { rules: Record<string, unknown>[] } {
  return {
    rules: [
      {
        rulePriority: 1,
        description: "Expire untagged images after 3 days",
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 3 },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the last ${keepText} ${what} images`,
        selection: { tagStatus: "tagged", tagPatternList: ["ctx-*"], countType: "imageCountMoreThan", countNumber: keep },
        action: { type: "expire" },
      },
    ],
  };
}

/** Content-addressed tag: a hash of every file name and content of the context. */
export function contextTag(context: BuildContext): string {
  const h = createHash("sha256");
  for (const name of Object.keys(context).sort()) h.update(`${name}\0${context[name]}\0`);
  return `ctx-${h.digest("hex").slice(0, 20)}`;
}

function writeContextDir(context: BuildContext, tag: string): string {
  const dir = synthTempDir("image-context", tag);
  for (const [name, content] of Object.entries(context)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

/** The shell that pushes a context with a local Docker (mode `local`). Exported for tests. */
export function localBuildScript(o: { region: string; registry: string; repositoryUrl: string; repositoryName: string; tag: string; contextDir: string; pullRegistries?: string[] }): string {
  return [
    "set -eu",
    `if aws ecr describe-images --region ${o.region} --repository-name ${o.repositoryName} --image-ids imageTag=${o.tag} >/dev/null 2>&1; then echo "image ${o.tag} already in ECR"; exit 0; fi`,
    `docker info >/dev/null 2>&1 || { echo "image.mode=local needs a running Docker daemon and 'docker info' failed. Start Docker (or a compatible CLI via DOCKER_HOST), or set image.mode to codebuild." >&2; exit 1; }`,
    `aws ecr get-login-password --region ${o.region} | docker login --username AWS --password-stdin ${o.registry}`,
    ...(o.pullRegistries ?? []).map((r) => `aws ecr get-login-password --region ${r.split(".")[3]} | docker login --username AWS --password-stdin ${r}`),
    `docker build --platform linux/amd64 --pull -t ${o.repositoryUrl}:${o.tag} ${o.contextDir}`,
    `docker push ${o.repositoryUrl}:${o.tag}`,
  ].join("\n");
}

/** The shell that runs the CodeBuild project and waits for it (mode `codebuild`). Exported for tests. */
export function codebuildScript(o: { region: string; project: string; sourceLocation?: string; repositoryName: string; tag: string; what?: string }): string {
  // Without a source location the project's own source is built (NO_SOURCE with an inline context).
  const source = o.sourceLocation ? ` --source-location-override ${o.sourceLocation}` : "";
  return [
    "set -eu",
    `if aws ecr describe-images --region ${o.region} --repository-name ${o.repositoryName} --image-ids imageTag=${o.tag} >/dev/null 2>&1; then echo "image ${o.tag} already in ECR"; exit 0; fi`,
    `command -v aws >/dev/null || { echo "image.mode=codebuild needs the AWS CLI v2 on the deploying machine." >&2; exit 1; }`,
    `id=$(aws codebuild start-build --region ${o.region} --project-name ${o.project}${source} --environment-variables-override name=IMAGE_TAG,value=${o.tag},type=PLAINTEXT --query build.id --output text)`,
    `echo "CodeBuild $id building the ${o.what ?? "controller"} image"`,
    "while :; do",
    `  status=$(aws codebuild batch-get-builds --region ${o.region} --ids "$id" --query 'builds[0].buildStatus' --output text)`,
    '  case "$status" in',
    "    SUCCEEDED) echo \"image built\"; exit 0 ;;",
    '    IN_PROGRESS) sleep 15 ;;',
    '    *) echo "CodeBuild $id ended with $status; see its log group" >&2; exit 1 ;;',
    "  esac",
    "done",
  ].join("\n");
}

/** Buildspec of the CodeBuild project. */
export const BUILDSPEC = [
  // `$${` is Terraform's escape for a literal `${` (shell parameter expansion here).
  "version: 0.2",
  "phases:",
  "  pre_build:",
  "    commands:",
  "      - aws ecr get-login-password --region $AWS_REGION | docker login --username AWS --password-stdin $${REPOSITORY_URL%%/*}",
  // ECR registries of base images (set only when a base image is in another registry's ECR).
  '      - for r in $${PULL_REGISTRIES:-}; do aws ecr get-login-password --region "$(echo "$r" | cut -d. -f4)" | docker login --username AWS --password-stdin "$r"; done',
  "  build:",
  "    commands:",
  "      - docker build --platform linux/amd64 --pull -t $REPOSITORY_URL:$IMAGE_TAG .",
  "  post_build:",
  "    commands:",
  "      - test \"$CODEBUILD_BUILD_SUCCEEDING\" = 1 && docker push $REPOSITORY_URL:$IMAGE_TAG",
  "",
].join("\n");

/** The generated build context: file name -> content. */
export type BuildContext = Record<string, string>;

/** How an image is obtained. */
export type ImageBuildMode = "codebuild" | "local" | "prebuilt";

/** Props of {@link ImageBuild}. */
export interface ImageBuildProps {
  /**
   * Short name of the image: the repository is `<namePrefix>/<imageName>`, the CodeBuild
   * project `<namePrefix>-<imageName>-image`. Lower-case letters, digits and single `-`.
   */
  readonly imageName: string;
  /** Prefix of names. */
  readonly namePrefix: string;
  /** Account/region of the stack. */
  readonly env: AwsEnvironment;
  /** KMS key of the repository, build logs and source bucket. */
  readonly kmsKeyArn: string;
  /** `codebuild`, `local` or `prebuilt`. */
  readonly mode: ImageBuildMode;
  /**
   * The image to use in mode `prebuilt`.
   * @default - none (required with `prebuilt`)
   */
  readonly prebuiltUri?: string;
  /**
   * The build context (Dockerfile and files), in modes `codebuild` and `local`.
   * @default - none (required unless `prebuilt`)
   */
  readonly context?: BuildContext;
  /**
   * Content-addressed images kept in the repository.
   * @default 10
   */
  readonly keepImages?: number;
  /**
   * Text of the keep count in the lifecycle rule's description (the registry module passes a
   * variable reference as `keepImages`).
   * @default - `keepImages`
   */
  readonly keepImagesText?: string;
  /**
   * ECR repositories the build pulls its base image from (the CodeBuild role gets pull rights
   * on exactly these).
   * @default - none
   */
  readonly basePullRepositoryArns?: string[];
  /**
   * ECR registries (`<account>.dkr.ecr.<region>.<suffix>`) of base images, logged into before
   * the build when they differ from the stack's own registry.
   * @default - none
   */
  readonly basePullRegistries?: string[];
  /**
   * Names of the build role and log group. The controller keeps the names it always had
   * (`<prefix>-image-build`, `/<prefix>/image-build`).
   * @default - `<prefix>-build-<imageName>` (never a `<prefix>-agent-*` task role name) and `/<prefix>/image-build/<imageName>`
   */
  readonly buildRoleName?: string;
  readonly buildLogGroupName?: string;
}

/** See the file comment. */
export class ImageBuild extends Construct {
  /** The image reference for task definitions and templates. */
  public readonly imageUri: string;
  /** The tag (content hash), unless prebuilt. */
  public readonly tag?: string;
  /** The generated context, unless prebuilt. */
  public readonly context?: BuildContext;
  /** The repository, unless prebuilt. */
  public readonly repository?: EcrRepository;
  /** Resources that must exist before the image can be pulled. */
  public readonly buildSteps: ITerraformDependable[] = [];
  /** The CodeBuild project (mode codebuild). */
  public readonly project?: CodebuildProject;
  /** The CodeBuild role's policy document (mode codebuild). */
  public readonly buildPolicy?: DataAwsIamPolicyDocument;

  constructor(scope: Construct, id: string, props: ImageBuildProps) {
    super(scope, id);
    if (props.mode === "prebuilt") {
      if (!props.prebuiltUri) throw new Error(`image ${props.imageName}: mode prebuilt needs a URI`);
      this.imageUri = props.prebuiltUri;
      return;
    }
    if (!props.context) throw new Error(`image ${props.imageName}: mode ${props.mode} needs a build context`);
    const name = props.namePrefix;
    const what = props.imageName;
    this.context = props.context;
    this.tag = contextTag(this.context);
    const keep = props.keepImages ?? 10;

    const repo = new EcrRepository(this, "Repository", {
      name: `${name}/${what}`,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.kmsKeyArn }],
      forceDelete: false,
    });
    this.repository = repo;
    new EcrLifecyclePolicy(this, "Lifecycle", {
      repository: repo.name,
      policy: JSON.stringify(ecrLifecycleRules(keep, props.keepImagesText ?? String(keep), what)),
    });
    const repoPolicy = new DataAwsIamPolicyDocument(this, "RepositoryPolicyDocument", {
      statement: [
        {
          sid: "AccountOnly",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [props.env.rootArn] }],
          actions: ECR_PULL_PUSH_ACTIONS,
        },
      ],
    });
    new EcrRepositoryPolicy(this, "RepositoryPolicy", { repository: repo.name, policy: repoPolicy.json });
    this.imageUri = `${repo.repositoryUrl}:${this.tag}`;

    const registry = `${props.env.accountId}.dkr.ecr.${props.env.region}.${props.env.dnsSuffix}`;
    if (props.mode === "local") {
      const contextDir = writeContextDir(this.context, this.tag);
      const asset = new TerraformAsset(this, "Context", { path: contextDir, type: AssetType.DIRECTORY });
      this.buildSteps.push(
        new LocalCommand(this, "Build", {
          triggersReplace: [this.tag],
          command: localBuildScript({
            region: props.env.region,
            registry,
            repositoryUrl: repo.repositoryUrl,
            repositoryName: repo.name,
            tag: this.tag,
            contextDir: asset.path,
            pullRegistries: props.basePullRegistries,
          }),
        }).resource,
      );
      return;
    }

    // codebuild. The archive is zipped here, in-process and reproducibly (lib/constructs/foundation/zip.ts), rather
    // than as an ARCHIVE asset, which makes cdktf spawn a second node process during synth.
    const archive = writeZipSync(this.context, path.join(synthTempDir("image-archive", this.tag), "archive.zip"));
    const asset = new TerraformAsset(this, "ContextArchive", { path: archive, type: AssetType.FILE });
    const bucket = new PrivateBucket(this, "Sources", {
      bucketPrefix: `${name}-image-src-`,
      kmsKeyArn: props.kmsKeyArn,
      expireObjectsAfterDays: 30,
      forceDestroy: true,
    });
    const source = new S3Object(this, "ContextObject", {
      bucket: bucket.bucket.id,
      key: `${what}/${this.tag}.zip`,
      source: asset.path,
      sourceHash: asset.assetHash,
      kmsKeyId: props.kmsKeyArn,
    });
    const logs = new CloudwatchLogGroup(this, "BuildLogs", {
      name: props.buildLogGroupName ?? `/${name}/image-build/${what}`,
      retentionInDays: 30,
      kmsKeyId: props.kmsKeyArn,
    });
    const trust = serviceTrustPolicy(this, "BuildTrust", props.env, "codebuild.amazonaws.com");
    const role = new IamRole(this, "BuildRole", { name: props.buildRoleName ?? `${name}-build-${what}`, assumeRolePolicy: trust.json });
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      { sid: "Logs", effect: "Allow", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logs.arn}:*`] },
      { sid: "ReadSource", effect: "Allow", actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: [`${bucket.bucket.arn}/${what}/*`] },
      // CodeBuild checks the source bucket before it downloads (AWS's S3-source role example).
      { sid: "LocateSourceBucket", effect: "Allow", actions: ["s3:GetBucketAcl", "s3:GetBucketLocation"], resources: [bucket.bucket.arn] },
      { sid: "EcrAuth", effect: "Allow", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
      { sid: what === "controller" ? "PushControllerImage" : "PushImage", effect: "Allow", actions: ECR_PULL_PUSH_ACTIONS, resources: [repo.arn] },
    ];
    const basePull = (props.basePullRepositoryArns ?? []).filter((a) => a !== undefined);
    if (basePull.length > 0) statements.push({ sid: "PullBaseImage", effect: "Allow", actions: ECR_PULL_ACTIONS, resources: basePull });
    statements.push({ sid: "UseKey", effect: "Allow", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [props.kmsKeyArn] });
    this.buildPolicy = new DataAwsIamPolicyDocument(this, "BuildPolicyDocument", { statement: statements });
    const policy = new IamRolePolicy(this, "BuildPolicy", { name: "image-build", role: role.id, policy: this.buildPolicy.json });
    const project = new CodebuildProject(this, "Project", {
      name: `${name}-${what}-image`,
      description: `Builds the Jenkins ${what} image from the generated context`,
      serviceRole: role.arn,
      encryptionKey: props.kmsKeyArn,
      buildTimeout: 60,
      artifacts: { type: "NO_ARTIFACTS" },
      source: { type: "S3", location: `${bucket.bucket.id}/${source.key}`, buildspec: BUILDSPEC },
      environment: {
        type: "LINUX_CONTAINER",
        computeType: "BUILD_GENERAL1_MEDIUM",
        image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
        // Docker-in-Docker needs privileged mode; the project runs only this fixed buildspec.
        privilegedMode: true,
        environmentVariable: [
          { name: "REPOSITORY_URL", value: repo.repositoryUrl },
          { name: "IMAGE_TAG", value: this.tag },
          ...((props.basePullRegistries ?? []).length > 0 ? [{ name: "PULL_REGISTRIES", value: props.basePullRegistries!.join(" ") }] : []),
        ],
      },
      logsConfig: { cloudwatchLogs: { groupName: logs.name, status: "ENABLED" } },
      dependsOn: [policy],
    });
    this.project = project;
    this.buildSteps.push(
      new LocalCommand(this, "Build", {
        triggersReplace: [this.tag],
        command: codebuildScript({
          region: props.env.region,
          project: project.name,
          sourceLocation: `${bucket.bucket.id}/${source.key}`,
          repositoryName: repo.name,
          tag: this.tag,
          what,
        }),
        dependsOn: [project, source],
      }).resource,
    );
  }
}
