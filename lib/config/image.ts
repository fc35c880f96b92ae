/**
 * `image`: the controller image and its ECR repository. Imported by lib/config/schema.ts.
 */
import { z } from "zod";
import { IMAGE } from "./patterns";

export const ImageSchema = z
  .object({
    mode: z
      .enum(["codebuild", "local", "prebuilt"])
      .default("codebuild")
      .describe(
        "How the controller image is built: `codebuild` (in AWS, no local Docker), `local` (docker build/push on the deploying machine), `prebuilt` (use `uri`).",
      ),
    uri: z
      .string()
      .regex(IMAGE, "must be a container image reference")
      .optional()
      .describe("Controller image for `prebuilt` mode (must have configuration-as-code and amazon-ecs plugins)."),
    baseImage: z
      .string()
      .regex(IMAGE, "must be a container image reference")
      .default("jenkins/jenkins:2.568.2-lts-jdk21")
      .describe("Pinned Jenkins LTS base image of the generated Dockerfile."),
    extraPlugins: z
      .array(z.string().regex(/^[a-zA-Z0-9_.-]+:[A-Za-z0-9_.+-]+$/, "must be plugin-id:version, e.g. slack:761.v2a_8770f0d169"))
      .default([])
      .describe("Additional plugins (id:version) installed into the image."),
    extraDockerfileLines: z
      .array(z.string().regex(/^[^\n]*$/, "must be a single line"))
      .default([])
      .describe("Lines appended to the generated Dockerfile (e.g. `RUN apt-get ...`)."),
    keepImages: z.number().int().min(1).max(1000).default(10).describe("Tagged images kept in ECR; older ones expire."),
  })
  .strict()
  .describe("The controller image and its ECR repository.");
