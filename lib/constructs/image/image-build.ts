/**
 * One image in an ECR repository of its own: the same code path for the controller image, the
 * mirror of the default agent image and every per-template agent image, in the `jenkins` stack
 * and in the registry module.
 *
 * - `prebuilt`: the given URI, nothing created.
 * - `local` / `codebuild`: an immutable, scanned, KMS-encrypted ECR repository with a
 *   lifecycle, a build context, and a build step keyed on the context's content hash, which is
 *   also the image tag (`ctx-<hash>`): a changed context yields a new tag (and a new task
 *   definition where it is used), an unchanged one no diff. `codebuild` runs a CodeBuild
 *   project (lib/constructs/image/image-codebuild.ts); `local` runs docker build/push on the
 *   deploying machine.
 * - `build` as a Terraform switch (the module's `controller_image == null`): the build parts
 *   get `count`, and the image is the built one or `prebuiltUri` as the switch says.
 *
 * A context holds configuration values only (literal text in the stack, input variables in the
 * module), never a reference to another resource: ARNs and JCasC reach the containers through
 * their task definitions, so no image build depends on them.
 */
import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { CodebuildProject } from "@cdktf/provider-aws/lib/codebuild-project";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { AssetType, Fn, ITerraformDependable, TerraformAsset, TerraformDataSource, TerraformLocal, TerraformResource } from "../../cdktf-core";
import { AwsEnvironment } from "../foundation/aws-environment";
import type { IamRoleSettings } from "../foundation/iam-role-settings";
import { Flag, choose, isKnown, numberText, switchOn } from "../foundation/inputs";
import { LocalCommand } from "../foundation/local-command";
import { synthTempDir } from "../foundation/synth-temp";
import { ecrRegistryOfImage, ecrRepositoryArnOf } from "./ecr-reference";
import { codebuildImage } from "./image-codebuild";
import { BuildContext, ECR_PULL_PUSH_ACTIONS, ImageBuildMode, contextTag, contextTagTemplate, ecrLifecycleRules, localBuildScript } from "./image-scripts";

export {
  BUILDSPEC,
  ECR_PULL_ACTIONS,
  ECR_PULL_PUSH_ACTIONS,
  codebuildScript,
  contextEnvName,
  contextTag,
  ecrLifecycleRules,
  inlineBuildspec,
  localBuildScript,
} from "./image-scripts";
export type { BuildContext, ImageBuildMode } from "./image-scripts";

function writeContextDir(context: BuildContext, tag: string): string {
  const dir = synthTempDir("image-context", tag);
  for (const [name, content] of Object.entries(context)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

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
   * Whether modes `codebuild` and `local` build: a Terraform switch (the registry module builds
   * only without a prebuilt image); where it does not hold, the image is `prebuiltUri`.
   * @default true
   */
  readonly build?: Flag;
  /**
   * The image to use in mode `prebuilt`, or where `build` does not hold.
   * @default - none (required with `prebuilt`)
   */
  readonly prebuiltUri?: string;
  /**
   * The build context (Dockerfile and files), in modes `codebuild` and `local`. Contents may be
   * Terraform expressions (mode `codebuild` only): the context is then passed to CodeBuild
   * inline, and the tag is the same hash computed by Terraform.
   * @default - none (required unless `prebuilt`)
   */
  readonly context?: BuildContext;
  /**
   * Keep the repository while `build` does not hold (a prebuilt image may be pushed there, and
   * switching back and forth never deletes a repository with images).
   * @default false
   */
  readonly keepRepository?: boolean;
  /**
   * Content-addressed images kept in the repository (a number or a Terraform expression).
   * @default 10
   */
  readonly keepImages?: number;
  /**
   * Base image of the context. When it is an ECR reference, the CodeBuild role may pull
   * exactly its repository and the build logs into its registry first.
   * @default - none
   */
  readonly baseImage?: string;
  /**
   * Names of the build role and log group. The controller keeps the names it always had
   * (`<prefix>-image-build`, `/<prefix>/image-build`).
   * @default - `<prefix>-build-<imageName>` (never a `<prefix>-agent-*` task role name) and `/<prefix>/image-build/<imageName>`
   */
  readonly buildRoleName?: string;
  readonly buildLogGroupName?: string;
  /**
   * Let a destroy delete the repository with its images (teardown mode, `dataProtection.forceDestroy`).
   * @default false
   */
  readonly forceDelete?: Flag;
  /**
   * Permissions boundary and path of the build role (one object for every role of the stack).
   * @default - no boundary, path `/`
   */
  readonly iamRoles?: IamRoleSettings;
}

/** See the file comment. */
export class ImageBuild extends Construct {
  /** The image reference for task definitions and templates. */
  public readonly imageUri: string;
  /** The tag (content hash), unless prebuilt. */
  public readonly tag?: string;
  /** The context, unless prebuilt. */
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
    const building: Flag = props.mode === "prebuilt" ? false : (props.build ?? true);
    if (building !== true && !props.prebuiltUri) throw new Error(`image ${props.imageName}: mode prebuilt needs a URI`);
    if (building === false) {
      this.imageUri = props.prebuiltUri!;
      return;
    }
    if (!props.context) throw new Error(`image ${props.imageName}: mode ${props.mode} needs a build context`);
    const name = props.namePrefix;
    const what = props.imageName;
    const inline = !isKnown(props.context);
    if (inline && props.mode !== "codebuild") throw new Error(`image ${what}: a context with Terraform expressions needs mode codebuild`);
    this.context = props.context;
    // A context only Terraform knows lives in a local; Terraform hashes it the way contextTag() does.
    const contextLocal = inline ? new TerraformLocal(this, "Context", this.context) : undefined;
    const tag = contextLocal ? new TerraformLocal(this, "Tag", contextTagTemplate(contextLocal.asString)).asString : contextTag(this.context);
    this.tag = tag;
    const keep = props.keepImages ?? 10;
    const base = props.baseImage;
    // Parts that exist only while building; a known `true` leaves them as they are.
    const built = <T extends TerraformResource | TerraformDataSource>(element: T): T => (building === true ? element : switchOn(element, building));

    const repo = new EcrRepository(this, "Repository", {
      name: `${name}/${what}`,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.kmsKeyArn }],
      forceDelete: props.forceDelete ?? false,
    });
    // Switched with the build unless the repository is kept; each right after it is created, before its attributes are read.
    const repoPart = <T extends TerraformResource | TerraformDataSource>(element: T): T => (props.keepRepository ? element : built(element));
    repoPart(repo);
    this.repository = repo;
    const rules = ecrLifecycleRules(keep, numberText(keep), what);
    repoPart(
      new EcrLifecyclePolicy(this, "Lifecycle", {
        repository: repo.name,
        policy: isKnown(keep) ? JSON.stringify(rules) : Fn.jsonencode(rules),
      }),
    );
    const repoPolicy = repoPart(
      new DataAwsIamPolicyDocument(this, "RepositoryPolicyDocument", {
        statement: [
          {
            sid: "AccountOnly",
            effect: "Allow",
            principals: [{ type: "AWS", identifiers: [props.env.rootArn] }],
            actions: ECR_PULL_PUSH_ACTIONS,
          },
        ],
      }),
    );
    repoPart(new EcrRepositoryPolicy(this, "RepositoryPolicy", { repository: repo.name, policy: repoPolicy.json }));
    this.imageUri = choose(building, `${repo.repositoryUrl}:${tag}`, props.prebuiltUri!);

    const registry = `${props.env.accountId}.dkr.ecr.${props.env.region}.${props.env.dnsSuffix}`;
    if (props.mode === "local") {
      const contextDir = writeContextDir(this.context, tag);
      const asset = new TerraformAsset(this, "Context", { path: contextDir, type: AssetType.DIRECTORY });
      const step = new LocalCommand(this, "Build", {
        triggersReplace: [tag],
        command: localBuildScript({
          region: props.env.region,
          registry,
          repositoryUrl: repo.repositoryUrl,
          repositoryName: repo.name,
          tag,
          contextDir: asset.path,
          pullRegistries: listOf(base === undefined ? undefined : ecrRegistryOfImage(base)),
        }),
      });
      this.buildSteps.push(built(step.resource));
      return;
    }

    const cb = codebuildImage(this, {
      ...props,
      repository: repo,
      tag,
      context: this.context,
      contextRef: contextLocal?.asString,
      built,
      basePullRepositoryArns: listOf(base === undefined ? undefined : ecrRepositoryArnOf(base, props.env.partition, repo.arn)),
      basePullRegistries: listOf(base === undefined ? undefined : ecrRegistryOfImage(base)),
    });
    this.project = cb.project;
    this.buildPolicy = cb.policy;
    this.buildSteps.push(cb.step);
  }
}

function listOf(v: string | undefined): string[] {
  return v === undefined ? [] : [v];
}
