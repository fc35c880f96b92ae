/**
 * Configuration of agent images (section `agentImages`, and `build` of an agent template):
 * where agent tasks pull their images from, how the stack builds them, and the names derived
 * from a template label. Imported into lib/config/schema.ts.
 */
import { z } from "zod";

const IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
/** Debian package name, optionally pinned (`name=version`). */
const APT_PACKAGE = /^[a-z0-9][a-z0-9+.-]+(=[A-Za-z0-9.+:~_-]+)?$/;
/** Secrets Manager secret for a pull-through cache: its name must start with `ecr-pullthroughcache/`. */
const PTC_SECRET_ARN = /^arn:aws(-cn|-us-gov)?:secretsmanager:[a-z0-9-]+:\d{12}:secret:ecr-pullthroughcache\/[A-Za-z0-9/_+=.@-]+$/;
/** ECR repository prefix of a pull-through-cache rule (ECR's own pattern, 2-30 characters). */
const PTC_PREFIX = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Upstream registries ECR pull-through cache supports, and whether they need a credential. */
export const PULL_THROUGH_UPSTREAMS: Readonly<Record<string, { credential: boolean; aliases: readonly string[] }>> = {
  "registry-1.docker.io": { credential: true, aliases: ["docker.io", "index.docker.io", "registry-1.docker.io"] },
  "public.ecr.aws": { credential: false, aliases: ["public.ecr.aws"] },
  "quay.io": { credential: false, aliases: ["quay.io"] },
  "registry.k8s.io": { credential: false, aliases: ["registry.k8s.io"] },
  "ghcr.io": { credential: true, aliases: ["ghcr.io"] },
  "registry.gitlab.com": { credential: true, aliases: ["registry.gitlab.com"] },
};

/** Per-template image build: a base image plus packages and Dockerfile lines. */
export const AgentImageBuildSchema = z
  .object({
    baseImage: z
      .string()
      .regex(IMAGE, "must be a container image reference like jenkins/inbound-agent:<tag> or <account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>")
      .optional()
      .describe(
        "Base image (an inbound agent: it must start the Jenkins agent). Unset: `agents.defaultImage`. An ECR base image is pulled with the build role's rights.",
      ),
    packages: z
      .array(z.string().regex(APT_PACKAGE, "must be a Debian package name, optionally pinned as name=version, e.g. openjdk-17-jdk-headless or nodejs"))
      .default([])
      .describe("Debian packages installed with apt-get (the inbound-agent images are Debian), e.g. `openjdk-17-jdk-headless`, `nodejs`, `docker.io` (CLI)."),
    dockerfileLines: z
      .array(z.string().regex(/^[^\n]*$/, "must be a single line"))
      .default([])
      .describe(
        "Dockerfile lines run as root after the packages (e.g. a `RUN curl ... terraform.zip` install); the image switches back to user `jenkins` afterwards.",
      ),
  })
  .strict()
  .describe("Build this template's own image in the stack's ECR (content-addressed tag) instead of using `image` or the default.");

export const AgentImagesSchema = z
  .object({
    source: z
      .enum(["mirror", "pull-through-cache", "prebuilt"])
      .default("mirror")
      .describe(
        "Where agents pull the default image from: `mirror` (copied into an ECR repository of the stack at deploy, content-addressed tag), `pull-through-cache` (an ECR pull-through-cache rule; ECR fetches from the upstream on first pull), `prebuilt` (`agents.defaultImage` as given; it must be an ECR reference). Agents never pull from Docker Hub at start in any of them.",
      ),
    build: z
      .enum(["codebuild", "local"])
      .default("codebuild")
      .describe(
        "How the mirror and per-template images are built: `codebuild` (in AWS, no local Docker) or `local` (docker build/push on the deploying machine).",
      ),
    keepImages: z.number().int().min(1).max(1000).default(10).describe("Tagged images kept per agent repository; older ones expire."),
    pullThroughCache: z
      .object({
        upstreamRegistryUrl: z
          .enum(Object.keys(PULL_THROUGH_UPSTREAMS) as [string, ...string[]])
          .default("registry-1.docker.io")
          .describe("Upstream registry of the cache rule."),
        repositoryPrefix: z
          .string()
          .min(2)
          .max(30)
          .regex(PTC_PREFIX, "must be 2-30 lower-case letters, digits, '.', '_', '-' or '/', e.g. docker-hub")
          .default("docker-hub")
          .describe("ECR repository prefix of the cache: images appear as `<registry>/<prefix>/<upstream path>`."),
        credentialArn: z
          .string()
          .regex(
            PTC_SECRET_ARN,
            "must be a Secrets Manager secret ARN whose name starts with ecr-pullthroughcache/, e.g. arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf",
          )
          .optional()
          .describe("Secrets Manager secret (`username`, `accessToken`) for upstreams that need one (Docker Hub, GHCR, GitLab)."),
      })
      .strict()
      .prefault({})
      .describe("The pull-through-cache rule (with `source` pull-through-cache)."),
  })
  .strict()
  .describe("Agent images: served from the stack's ECR (mirror or pull-through cache), never pulled from Docker Hub at agent start.");

export type AgentImagesConfig = z.output<typeof AgentImagesSchema>;
export type AgentImageBuildConfig = z.output<typeof AgentImageBuildSchema>;

/**
 * The one name a label maps to wherever a name is derived from it (environment variables,
 * ECR repositories, log streams): runs of `-` and `_` become one `-`, a trailing one is
 * dropped. Two labels with the same slug would collide, so the configuration rejects them.
 */
export function labelSlug(label: string): string {
  return label.replace(/[-_]+/g, "-").replace(/-$/, "");
}

/** The environment-variable form of a label slug: `build-example` -> `BUILD_EXAMPLE`. */
export function labelEnvSuffix(label: string): string {
  return labelSlug(label).toUpperCase().replace(/-/g, "_");
}

/** The parts of an ECR image reference, or undefined for any other registry. */
export interface EcrImageRef {
  readonly accountId: string;
  readonly region: string;
  readonly repository: string;
  readonly dnsSuffix: string;
}

/** An ECR image reference: account, region, DNS suffix, repository, then tag and/or digest. */
export const ECR_URI = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.(amazonaws\.com(?:\.cn)?)\/([^:@]+)(?::[^@]+)?(?:@sha256:[a-f0-9]{64})?$/;

/** The ECR registry host of an ECR image reference. */
export function ecrRegistryOf(image: string): string | undefined {
  return parseEcrImage(image) ? image.split("/")[0] : undefined;
}

/** Parses `<account>.dkr.ecr.<region>.amazonaws.com/<repo>[:tag][@digest]`. */
export function parseEcrImage(image: string): EcrImageRef | undefined {
  const m = ECR_URI.exec(image);
  if (!m) return undefined;
  return { accountId: m[1], region: m[2], dnsSuffix: m[3], repository: m[4] };
}

/** The ARN of the repository of an ECR image reference. */
export function ecrRepositoryArn(image: string): string | undefined {
  const r = parseEcrImage(image);
  if (!r) return undefined;
  const partition = r.dnsSuffix.endsWith(".cn") ? "aws-cn" : r.region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  return `arn:${partition}:ecr:${r.region}:${r.accountId}:repository/${r.repository}`;
}

/**
 * The upstream registry and path of an image reference, Docker's way: no registry host means
 * Docker Hub, and a one-part Docker Hub name is an official image under `library/`.
 */
export function upstreamOf(image: string): { registry: string; path: string } {
  const [first, ...rest] = image.split("/");
  const hasHost = rest.length > 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  if (hasHost) return { registry: first, path: rest.join("/") };
  return { registry: "docker.io", path: rest.length === 0 ? `library/${image}` : image };
}

/** Whether `registry` (as written in an image) is the cache rule's upstream. */
export function isUpstream(registry: string, upstreamRegistryUrl: string): boolean {
  return (PULL_THROUGH_UPSTREAMS[upstreamRegistryUrl]?.aliases ?? [upstreamRegistryUrl]).includes(registry);
}

/** The parts of the configuration the checks below read. */
interface CheckedConfig {
  agents: { defaultImage: string; templates: Array<{ label: string; image?: string; build?: AgentImageBuildConfig }> };
  agentImages: AgentImagesConfig;
}

/** Cross-field rules of agent images and labels; `issue(path, message)` reports one. */
export function agentImagesIssues(c: CheckedConfig, issue: (path: (string | number)[], message: string) => void): void {
  const ai = c.agentImages;
  const ptc = ai.pullThroughCache;
  if (ai.source === "prebuilt" && !parseEcrImage(c.agents.defaultImage))
    issue(
      ["agents", "defaultImage"],
      `"${c.agents.defaultImage}" is not an ECR image reference; with agentImages.source prebuilt the default agent image must be one (<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>), or use source mirror or pull-through-cache`,
    );
  if (ai.source === "pull-through-cache") {
    const up = upstreamOf(c.agents.defaultImage);
    if (!parseEcrImage(c.agents.defaultImage) && !isUpstream(up.registry, ptc.upstreamRegistryUrl))
      issue(
        ["agents", "defaultImage"],
        `"${c.agents.defaultImage}" is on ${up.registry}, not on the cache's upstream ${ptc.upstreamRegistryUrl}; set agentImages.pullThroughCache.upstreamRegistryUrl to its registry`,
      );
    if (PULL_THROUGH_UPSTREAMS[ptc.upstreamRegistryUrl]?.credential && !ptc.credentialArn)
      issue(
        ["agentImages", "pullThroughCache", "credentialArn"],
        `upstream ${ptc.upstreamRegistryUrl} needs a credential: give the ARN of a Secrets Manager secret named ecr-pullthroughcache/<name>`,
      );
  }
  if (ai.source !== "pull-through-cache" && ptc.credentialArn)
    issue(["agentImages", "pullThroughCache", "credentialArn"], `only used with agentImages.source pull-through-cache (source is ${ai.source})`);

  const bySlug = new Map<string, string>();
  c.agents.templates.forEach((t, i) => {
    if (t.build && t.image)
      issue(
        ["agents", "templates", i, "build"],
        `template "${t.label}" sets both image and build; keep image to use an existing image, or build to have the stack build one`,
      );
    const slug = labelSlug(t.label);
    const other = bySlug.get(slug);
    if (other === t.label) issue(["agents", "templates", i, "label"], `duplicate label "${t.label}"; each template needs its own label`);
    else if (other !== undefined)
      issue(
        ["agents", "templates", i, "label"],
        `labels "${other}" and "${t.label}" differ only in '-'/'_' and map to the same names (${labelEnvSuffix(t.label)}: environment variables, roles, repositories); rename one`,
      );
    else bySlug.set(slug, t.label);
  });
}
