/**
 * ECR facts of an image reference for IAM and `docker login`, whether the reference is known
 * at synth (the `jenkins` stack: folded by lib/config/agent-images.ts) or only to Terraform
 * (the registry module's variables: the same pattern evaluated by Terraform's `regex`).
 */
import { Fn } from "../../cdktf-core";
import { ECR_URI, ecrRegistryOf, ecrRepositoryArn } from "../../config/agent-images";
import { isKnown } from "../foundation/inputs";

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

/** The registry host of an ECR image reference to log into; "" (or undefined when known) for any other. */
export function ecrRegistryOfImage(image: string): string | undefined {
  if (isKnown(image)) return image ? ecrRegistryOf(image) : undefined;
  return Fn.conditional(Fn.can(Fn.regex(ECR_URI_PATTERN, image)), Fn.element(Fn.split("/", image), 0), "") as string;
}
