import { ECR_URI, PULL_THROUGH_UPSTREAMS } from "../../config/agent-images";
import { hclInline, hclString } from "../hcl";
import { conditionsOf, fieldInfo, terraformType } from "../zod-terraform";
import { message, ModuleValidation, ModuleVariable, rename } from "./variable";

/** Attributes of `agent_image_source`: attribute -> schema field (section `agentImages`). */
const FIELDS: Array<[string, string]> = [
  ["source", "agentImages.source"],
  ["keep_images", "agentImages.keepImages"],
  ["upstream_registry_url", "agentImages.pullThroughCache.upstreamRegistryUrl"],
  ["repository_prefix", "agentImages.pullThroughCache.repositoryPrefix"],
  ["credential_arn", "agentImages.pullThroughCache.credentialArn"],
];

const NAME = "agent_image_source";
const REF = `var.${NAME}`;
const PTC = `${REF}.source == "pull-through-cache"`;
/** ECR image reference (lib/config/agent-images.ts ECR_URI) for Terraform's regex. */
const isEcr = (image: string) => `can(regex(${hclString(ECR_URI.source.replace(/\\\//g, "/"))}, ${image}))`;

/**
 * `agent_image_source`: where agents pull the default image from, as the stack's `agentImages`
 * (mirror into the module's ECR by CodeBuild, pull-through cache, or a prebuilt ECR image), with
 * the stack's cross-field rules (lib/config/agent-images.ts agentImagesIssues) as validations.
 * Per-template image builds are the stack's only.
 */
export function agentImageSourceVariable(): ModuleVariable {
  const attrs = FIELDS.map(([attr, path]) => ({ attr, path, info: fieldInfo(path) }));
  const type = `object({ ${attrs
    .map((a) => `${a.attr} = optional(${terraformType(a.info.schema)}${a.info.hasDefault ? `, ${hclInline(a.info.default)}` : ""})`)
    .join(", ")} })`;
  const validations: ModuleValidation[] = attrs.flatMap((a) =>
    conditionsOf(a.info.schema, `${REF}.${a.attr}`).map((c) => ({
      condition: a.info.hasDefault ? c.condition : `${REF}.${a.attr} == null ? true : (${c.condition})`,
      errorMessage: message(`${NAME}.${a.attr}`, c.message, c.part),
    })),
  );
  const needsCredential = Object.entries(PULL_THROUGH_UPSTREAMS)
    .filter(([, u]) => u.credential)
    .map(([url]) => url);
  const aliases = `{ ${Object.entries(PULL_THROUGH_UPSTREAMS)
    .map(([url, u]) => `${hclString(url)} = ${hclInline(u.aliases)}`)
    .join(", ")} }`;
  // Docker's reading of a reference: a first part with '.' or ':' (or localhost) is a registry host, else Docker Hub.
  const registryOfDefault = `can(regex("^([^/]*[.:][^/]*|localhost)/", var.agent_default_image)) ? split("/", var.agent_default_image)[0] : "docker.io"`;
  validations.push(
    {
      condition: `${REF}.source != "prebuilt" || ${isEcr("var.agent_default_image")}`,
      errorMessage: `agent_default_image must be an ECR image reference (<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>) with ${NAME}.source prebuilt; or use source mirror or pull-through-cache.`,
    },
    {
      condition: `!(${PTC}) || ${isEcr("var.agent_default_image")} || contains(lookup(${aliases}, ${REF}.upstream_registry_url, []), ${registryOfDefault})`,
      errorMessage: `agent_default_image must be on the pull-through cache's upstream ${NAME}.upstream_registry_url (or already in ECR).`,
    },
    {
      condition: `!(${PTC} && contains(${hclInline(needsCredential)}, ${REF}.upstream_registry_url)) || ${REF}.credential_arn != null`,
      errorMessage: `${NAME}.credential_arn must be set for upstreams that need a credential (${needsCredential.join(", ")}): the ARN of a Secrets Manager secret named ecr-pullthroughcache/<name>.`,
    },
    {
      condition: `${REF}.credential_arn == null || ${PTC}`,
      errorMessage: `${NAME}.credential_arn is only used with ${NAME}.source pull-through-cache.`,
    },
  );
  const text = (attr: string) => rename(attrs.find((a) => a.attr === attr)!.info.description);
  return {
    name: NAME,
    schemaPaths: attrs.map((a) => a.path),
    type,
    description:
      `Where agents pull \`agent_default_image\` from, never Docker Hub at agent start. \`source\`: \`mirror\` (default: copied into the module's ECR repository \`<name_prefix>/agent\` by CodeBuild, content-addressed tag; the build runs the AWS CLI where Terraform runs), \`pull-through-cache\` (an ECR pull-through-cache rule) or \`prebuilt\` (\`agent_default_image\` as given, an ECR reference). ` +
      `\`keep_images\`: ${text("keep_images")} \`upstream_registry_url\`, \`repository_prefix\`, \`credential_arn\`: the cache rule (${text("credential_arn")}) ` +
      "Templates that name an `image` use it as given; the agents' execution role may pull exactly the repositories in use.",
    required: false,
    default: {},
    nullable: false,
    validations,
  };
}
