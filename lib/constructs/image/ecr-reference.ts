/**
 * ECR facts of an image reference for IAM and `docker login`, whether the reference is known
 * at synth (the `jenkins` stack: folded by lib/config/agent-images.ts) or only to Terraform
 * (the registry module's variables: the same pattern evaluated by Terraform's `regex`).
 */
import { Fn, Token } from "../../cdktf-core";
import { ECR_URI, ecrRegistryOf, ecrRepositoryArn, upstreamOf } from "../../config/agent-images";
import { Flag, isKnown } from "../foundation/inputs";

/** The pattern for Terraform's `regex` (RE2), backslashes doubled for the HCL string cdktf writes. */
const ECR_URI_PATTERN = ECR_URI.source.replace(/\\\//g, "/").replace(/\\/g, "\\\\");

/**
 * The repository ARN of an ECR image reference. A known reference folds (undefined when it
 * is not in ECR); a Terraform expression yields `fallback` when it is not an ECR reference or
 * null (an IAM resource list stays valid: the policy document de-duplicates resources).
 */
export function ecrRepositoryArnOf(image: string, partition: string, fallback: string): string | undefined {
  if (isKnown(image)) return image ? ecrRepositoryArn(image) : undefined;
  const m = Fn.regex(ECR_URI_PATTERN, image);
  return Fn.try([Fn.format("arn:%s:ecr:%s:%s:repository/%s", [partition, Fn.element(m, 1), Fn.element(m, 0), Fn.element(m, 3)]), fallback]) as string;
}

/** Whether an image reference is in ECR (folded when known). */
export function isEcrImage(image: string): Flag {
  if (isKnown(image)) return ecrRepositoryArn(image) !== undefined;
  return Fn.can(Fn.regex(ECR_URI_PATTERN, image));
}

/** The registry host of an ECR image reference to log into; "" (or undefined when known) for any other. */
export function ecrRegistryOfImage(image: string): string | undefined {
  if (isKnown(image)) return image ? ecrRegistryOf(image) : undefined;
  return Fn.conditional(Fn.can(Fn.regex(ECR_URI_PATTERN, image)), Fn.element(Fn.split("/", image), 0), "") as string;
}

/**
 * `leading`, then the ARNs of the ECR references among `images` (the others left out), without
 * duplicates. Known values fold; `images` as a Terraform list (the registry module's template
 * images) yields one Terraform list expression, which cdktf cannot nest in a function call.
 */
export function ecrRepositoryArnsOf(images: string[], partition: string, leading: string[] = []): string[] {
  if (isKnown(images)) {
    const all = [...leading, ...images.map((i) => ecrRepositoryArn(i)).filter((a): a is string => a !== undefined)];
    return all.filter((a, i) => all.indexOf(a) === i);
  }
  const re = `"${ECR_URI_PATTERN}"`;
  // The references come first: cdktf writes them bare only before the first closing brace.
  return Token.asList(
    `\${[for x in [{ leading = [${leading.join(", ")}], images = ${Token.asString(images)}, partition = ${partition} }] : distinct(concat(x.leading, [for i in x.images : format("arn:%s:ecr:%s:%s:repository/%s", x.partition, regex(${re}, i)[1], regex(${re}, i)[0], regex(${re}, i)[3]) if can(regex(${re}, i))]))][0]}`,
  );
}

/**
 * The path of an image below its registry, Docker's way (lib/config/agent-images.ts
 * upstreamOf): no registry host means Docker Hub, where a one-part name is under `library/`.
 */
export function upstreamPathOf(image: string): string {
  if (isKnown(image)) return upstreamOf(image).path;
  const hasHost = Fn.can(Fn.regex("^([^/]*[.:][^/]*|localhost)/", image));
  return Fn.conditional(hasHost, Fn.replace(image, "/^[^/]+[/]/", ""), Fn.conditional(Fn.can(Fn.regex("/", image)), image, `library/${image}`)) as string;
}
