/**
 * The text an image build consists of, apart from its resources: ECR actions and lifecycle
 * rules, the content-addressed tag, the build scripts run by `local-exec`, and the CodeBuild
 * buildspec (with the context read from S3, or written from environment variables when the
 * context is passed inline). Used by lib/constructs/image/image-build.ts.
 */
import { createHash } from "crypto";

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

/** The shell that pushes a context with a local Docker (mode `local`). Exported for tests. */
export function localBuildScript(o: {
  region: string;
  registry: string;
  repositoryUrl: string;
  repositoryName: string;
  tag: string;
  contextDir: string;
  pullRegistries?: string[];
}): string {
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
    '    SUCCEEDED) echo "image built"; exit 0 ;;',
    "    IN_PROGRESS) sleep 15 ;;",
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
  '      - test "$CODEBUILD_BUILD_SUCCEEDING" = 1 && docker push $REPOSITORY_URL:$IMAGE_TAG',
  "",
].join("\n");

/** The generated build context: file name -> content. */
export type BuildContext = Record<string, string>;

/** How an image is obtained. */
export type ImageBuildMode = "codebuild" | "local" | "prebuilt";

/** Environment variable of CodeBuild that carries a context file (base64) when the context is passed inline. */
export function contextEnvName(file: string): string {
  return `CONTEXT_${file
    .replace(/^\./, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "_")}`;
}

/** {@link BUILDSPEC} for a project without a source: the context files are first written from their environment variables. */
export function inlineBuildspec(files: string[]): string {
  const marker = "  pre_build:\n    commands:\n";
  if (!BUILDSPEC.includes(marker)) throw new Error("BUILDSPEC has no pre_build commands to extend");
  const write = [...files].sort().map((f) => `      - printf '%s' "$${contextEnvName(f)}" | base64 -d > '${f}'`);
  return BUILDSPEC.replace(marker, `${marker}${write.join("\n")}\n`);
}

/**
 * {@link contextTag} as a Terraform template, for a context only Terraform knows: `context` is
 * a reference to a map of file name -> content (e.g. a local). Same bytes hashed, same tag.
 */
export function contextTagTemplate(context: string): string {
  return `ctx-\${substr(sha256(join("", [for n in sort(keys(${context})) : "\${n}\\u0000\${${context}[n]}\\u0000"])), 0, 20)}`;
}
