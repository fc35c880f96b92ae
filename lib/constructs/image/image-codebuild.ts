/**
 * The CodeBuild half of an {@link ImageBuild} in mode `codebuild`: log group, role, project and
 * the build step that starts it once per tag. The context reaches CodeBuild either
 * - from S3 (a known context, the `jenkins` stack): zipped at synth into a private bucket, or
 * - inline (a context with Terraform expressions, the registry module): a project without a
 *   source whose buildspec writes each file from an environment variable (base64), so the
 *   module needs neither a bucket nor an archive provider.
 * Created in the ImageBuild's own scope, so construct paths (and logical ids) are its own.
 */
import * as path from "path";
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CodebuildProject, CodebuildProjectEnvironmentEnvironmentVariable } from "@cdktf/provider-aws/lib/codebuild-project";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { AssetType, TerraformAsset, TerraformDataSource, TerraformResource } from "../../cdktf-core";
import { AwsEnvironment } from "../foundation/aws-environment";
import { IamRoleSettings, roleArguments } from "../foundation/iam-role-settings";
import { LocalCommand } from "../foundation/local-command";
import { serviceTrustPolicy } from "../foundation/service-trust";
import { synthTempDir } from "../foundation/synth-temp";
import { writeZipSync } from "../foundation/zip";
import { PrivateBucket } from "../s3/private-bucket";
import { BUILDSPEC, BuildContext, ECR_PULL_ACTIONS, ECR_PULL_PUSH_ACTIONS, codebuildScript, contextEnvName, inlineBuildspec } from "./image-scripts";

/** What {@link codebuildImage} needs (the ImageBuild's props and what it created). */
export interface CodebuildImageInput {
  readonly imageName: string;
  readonly namePrefix: string;
  readonly env: AwsEnvironment;
  readonly kmsKeyArn: string;
  readonly repository: EcrRepository;
  /** The content tag (a Terraform reference when Terraform computes it). */
  readonly tag: string;
  readonly context: BuildContext;
  /**
   * Reference to the context as a Terraform map: the context is passed inline.
   * @default - the context is zipped at synth and read from S3
   */
  readonly contextRef?: string;
  readonly basePullRepositoryArns?: string[];
  readonly basePullRegistries?: string[];
  readonly buildRoleName?: string;
  readonly buildLogGroupName?: string;
  /** Permissions boundary and path of the build role. @default - no boundary, path `/` */
  readonly iamRoles?: IamRoleSettings;
  /** Switches a build part on the ImageBuild's `build` flag (identity when it always builds). */
  readonly built: <T extends TerraformResource | TerraformDataSource>(element: T) => T;
}

/** The project, the role's policy document and the build step. */
export function codebuildImage(
  scope: Construct,
  props: CodebuildImageInput,
): { project: CodebuildProject; policy: DataAwsIamPolicyDocument; step: TerraformResource } {
  const name = props.namePrefix;
  const what = props.imageName;
  const { built, tag, repository: repo } = props;
  const inline = props.contextRef !== undefined;

  let source: { bucketArn: string; location: string; object: S3Object } | undefined;
  if (!inline) {
    // The archive is zipped here, in-process and reproducibly (lib/constructs/foundation/zip.ts), rather
    // than as an ARCHIVE asset, which makes cdktf spawn a second node process during synth.
    const archive = writeZipSync(props.context, path.join(synthTempDir("image-archive", tag), "archive.zip"));
    const asset = new TerraformAsset(scope, "ContextArchive", { path: archive, type: AssetType.FILE });
    const bucket = new PrivateBucket(scope, "Sources", {
      bucketPrefix: `${name}-image-src-`,
      kmsKeyArn: props.kmsKeyArn,
      expireObjectsAfterDays: 30,
      forceDestroy: true,
    });
    const object = new S3Object(scope, "ContextObject", {
      bucket: bucket.bucket.id,
      key: `${what}/${tag}.zip`,
      source: asset.path,
      sourceHash: asset.assetHash,
      kmsKeyId: props.kmsKeyArn,
    });
    source = { bucketArn: bucket.bucket.arn, location: `${bucket.bucket.id}/${object.key}`, object };
  }
  const logs = built(
    new CloudwatchLogGroup(scope, "BuildLogs", {
      name: props.buildLogGroupName ?? `/${name}/image-build/${what}`,
      retentionInDays: 30,
      kmsKeyId: props.kmsKeyArn,
    }),
  );
  const trust = built(serviceTrustPolicy(scope, "BuildTrust", props.env, "codebuild.amazonaws.com"));
  const role = built(
    new IamRole(scope, "BuildRole", { name: props.buildRoleName ?? `${name}-build-${what}`, assumeRolePolicy: trust.json, ...roleArguments(props.iamRoles) }),
  );
  const statements: DataAwsIamPolicyDocumentStatement[] = [
    { sid: "Logs", effect: "Allow", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logs.arn}:*`] },
    ...(source
      ? [
          { sid: "ReadSource", effect: "Allow", actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: [`${source.bucketArn}/${what}/*`] },
          // CodeBuild checks the source bucket before it downloads (AWS's S3-source role example).
          { sid: "LocateSourceBucket", effect: "Allow", actions: ["s3:GetBucketAcl", "s3:GetBucketLocation"], resources: [source.bucketArn] },
        ]
      : []),
    { sid: "EcrAuth", effect: "Allow", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
    { sid: what === "controller" ? "PushControllerImage" : "PushImage", effect: "Allow", actions: ECR_PULL_PUSH_ACTIONS, resources: [repo.arn] },
  ];
  const basePull = (props.basePullRepositoryArns ?? []).filter((a) => a !== undefined);
  if (basePull.length > 0) statements.push({ sid: "PullBaseImage", effect: "Allow", actions: ECR_PULL_ACTIONS, resources: basePull });
  statements.push({ sid: "UseKey", effect: "Allow", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [props.kmsKeyArn] });
  const document = built(new DataAwsIamPolicyDocument(scope, "BuildPolicyDocument", { statement: statements }));
  const policy = built(new IamRolePolicy(scope, "BuildPolicy", { name: "image-build", role: role.id, policy: document.json }));
  const files = Object.keys(props.context).sort();
  const contextVariables: CodebuildProjectEnvironmentEnvironmentVariable[] = inline
    ? files.map((f) => ({ name: contextEnvName(f), value: `\${base64encode(${props.contextRef}[${JSON.stringify(f)}])}` }))
    : [];
  const project = built(
    new CodebuildProject(scope, "Project", {
      name: `${name}-${what}-image`,
      description: `Builds the Jenkins ${what} image from the generated context`,
      serviceRole: role.arn,
      encryptionKey: props.kmsKeyArn,
      buildTimeout: 60,
      artifacts: { type: "NO_ARTIFACTS" },
      source: source ? { type: "S3", location: source.location, buildspec: BUILDSPEC } : { type: "NO_SOURCE", buildspec: inlineBuildspec(files) },
      environment: {
        type: "LINUX_CONTAINER",
        computeType: "BUILD_GENERAL1_MEDIUM",
        image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
        // Docker-in-Docker needs privileged mode; the project runs only this fixed buildspec.
        privilegedMode: true,
        environmentVariable: [
          { name: "REPOSITORY_URL", value: repo.repositoryUrl },
          { name: "IMAGE_TAG", value: tag },
          ...((props.basePullRegistries ?? []).length > 0 ? [{ name: "PULL_REGISTRIES", value: props.basePullRegistries!.join(" ") }] : []),
          ...contextVariables,
        ],
      },
      logsConfig: { cloudwatchLogs: { groupName: logs.name, status: "ENABLED" } },
      dependsOn: [policy],
    }),
  );
  const step = new LocalCommand(scope, "Build", {
    triggersReplace: [tag],
    command: codebuildScript({
      region: props.env.region,
      project: project.name,
      sourceLocation: source?.location,
      repositoryName: repo.name,
      tag,
      what,
    }),
    dependsOn: source ? [project, source.object] : [project],
  });
  return { project, policy: document, step: built(step.resource) };
}
